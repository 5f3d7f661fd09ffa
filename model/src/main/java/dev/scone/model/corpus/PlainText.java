package dev.scone.model.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text cleaning every corpus shares: control characters but tabs removed (a backspace takes the
 * character before it with it, resolving teletype overstrikes), trailing whitespace trimmed. Prose
 * whose line breaks are only wrapping ({@link #paragraphs}) is reflowed to one line per paragraph.
 */
final class PlainText {

    private static final char BACKSPACE = '\b';
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private PlainText() {}

    /**
     * Resolves the overstrikes of teletype-era text ({@code _\bx} underlines x): a backspace
     * removes the character before it. Drops other control characters but tabs, then trailing
     * whitespace; a line of only whitespace becomes empty.
     */
    static String cleanLine(String line) {
        StringBuilder cleaned = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == BACKSPACE) {
                if (cleaned.length() > 0) {
                    cleaned.setLength(cleaned.length() - 1);
                }
            } else if (c == '\t' || !Character.isISOControl(c)) {
                cleaned.append(c);
            }
        }
        return cleaned.toString().stripTrailing();
    }

    /**
     * Reflows wrapped prose: each run of non-blank lines is one paragraph, its lines cleaned
     * ({@link #cleanLine}) and joined with single spaces, every run of whitespace inside it made
     * one space. Paragraphs without a letter or digit (separators such as {@code * * *}) are
     * dropped. The result has one paragraph per line, no blank line, and is empty when nothing is
     * left.
     */
    static String paragraphs(List<String> lines) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            String cleaned = cleanLine(line).strip();
            if (cleaned.isEmpty()) {
                addParagraph(paragraphs, paragraph);
            } else {
                if (paragraph.length() > 0) {
                    paragraph.append(' ');
                }
                paragraph.append(cleaned);
            }
        }
        addParagraph(paragraphs, paragraph);
        return String.join("\n", paragraphs);
    }

    private static void addParagraph(List<String> paragraphs, StringBuilder paragraph) {
        String text = WHITESPACE_RUN.matcher(paragraph).replaceAll(" ").strip();
        paragraph.setLength(0);
        if (text.codePoints().anyMatch(Character::isLetterOrDigit)) {
            paragraphs.add(text);
        }
    }
}
