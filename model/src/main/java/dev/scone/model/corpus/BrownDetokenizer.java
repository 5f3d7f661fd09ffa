package dev.scone.model.corpus;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the Brown corpus's tagged tokens ({@code word/tag}) back into ordinary running text: tags
 * go, the corpus's {@code ``} and {@code ''} become straight double quotes, and punctuation sits
 * against the word it belongs to.
 */
public final class BrownDetokenizer {

    private static final String OPEN_DOUBLE_QUOTE = "``";
    private static final String CLOSE_DOUBLE_QUOTE = "''";
    private static final String SINGLE_QUOTE = "'";

    /** Tokens written against the preceding word. */
    private static final Set<String> ATTACH_LEFT =
            Set.of(",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "...");

    /** Clitics written against the preceding word when the corpus splits them off. */
    private static final Set<String> CLITICS = Set.of("'s", "n't", "'re", "'ve", "'ll", "'d", "'m");

    /** Tokens written against the following word. */
    private static final Set<String> ATTACH_RIGHT = Set.of("(", "[", "{", "$");

    private BrownDetokenizer() {}

    /**
     * The word of a tagged token: the text before the last slash, since words such as {@code 1-1/2}
     * hold slashes themselves. A token without a tag is returned as it is.
     */
    public static String stripTag(String taggedToken) {
        int slash = taggedToken.lastIndexOf('/');
        return slash > 0 ? taggedToken.substring(0, slash) : taggedToken;
    }

    /** The tag of a tagged token, or the empty string when it has none. */
    public static String tag(String taggedToken) {
        int slash = taggedToken.lastIndexOf('/');
        return slash > 0 ? taggedToken.substring(slash + 1) : "";
    }

    /**
     * Joins the words of one paragraph into text. Straight single quotes carry no direction in the
     * corpus, so within a paragraph they alternate between opening and closing.
     */
    public static String detokenize(List<String> words) {
        StringBuilder text = new StringBuilder();
        boolean singleQuoteOpen = false;
        boolean attachNext = true;
        for (String word : words) {
            String written = word;
            boolean attachLeft;
            boolean attachRight;
            switch (word) {
                case OPEN_DOUBLE_QUOTE -> {
                    written = "\"";
                    attachLeft = false;
                    attachRight = true;
                }
                case CLOSE_DOUBLE_QUOTE -> {
                    written = "\"";
                    attachLeft = true;
                    attachRight = false;
                }
                case SINGLE_QUOTE -> {
                    attachLeft = singleQuoteOpen;
                    attachRight = !singleQuoteOpen;
                    singleQuoteOpen = !singleQuoteOpen;
                }
                default -> {
                    attachLeft =
                            ATTACH_LEFT.contains(word)
                                    || CLITICS.contains(word.toLowerCase(Locale.ROOT));
                    attachRight = ATTACH_RIGHT.contains(word);
                }
            }
            if (!attachNext && !attachLeft) {
                text.append(' ');
            }
            text.append(written);
            attachNext = attachRight;
        }
        return text.toString();
    }
}
