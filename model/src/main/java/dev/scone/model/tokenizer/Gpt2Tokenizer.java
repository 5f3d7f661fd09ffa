package dev.scone.model.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Objects;

/**
 * GPT-2 byte-level BPE (r50k_base), the tokenizer of the paper's GPT-2 scale study. A thin wrapper
 * over JTokkit, whose ranks ship inside its jar, so no file or network access is needed.
 *
 * <p>Text is always encoded as ordinary text: a document containing the characters {@code
 * <|endoftext|>} gets the tokens of those characters, never the special id {@link #END_OF_TEXT}, so
 * user input cannot forge a document boundary.
 *
 * <p>Thread-safe: one shared instance serves every thread.
 */
public final class Gpt2Tokenizer {

    /** Name recorded in vocabulary files and results to say which tokenizer produced the ids. */
    public static final String NAME = "gpt2-r50k_base";

    /** Number of token ids: 50,256 byte-pair ranks plus {@code <|endoftext|>}. */
    public static final int VOCABULARY_SIZE = 50_257;

    /** The id of {@code <|endoftext|>}, which GPT-2 uses to separate and end documents. */
    public static final int END_OF_TEXT = 50_256;

    private static final Gpt2Tokenizer INSTANCE = new Gpt2Tokenizer();

    private final Encoding encoding;

    private Gpt2Tokenizer() {
        encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    }

    /** The shared instance; loading the ranks happens once, on first use. */
    public static Gpt2Tokenizer get() {
        return INSTANCE;
    }

    /** Token ids of {@code text}, read as ordinary text (special tokens are not parsed). */
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        return encoding.encodeOrdinary(text).toArray();
    }

    /** Text of all of {@code ids}. */
    public String decode(int[] ids) {
        return decode(ids, 0, ids.length);
    }

    /**
     * Text of {@code ids[from .. to)}. Byte sequences that are not valid UTF-8 on their own (a
     * slice that cuts a multi-byte character) decode to U+FFFD.
     *
     * @throws IllegalArgumentException if an id is outside 0..{@value #VOCABULARY_SIZE}-1
     */
    public String decode(int[] ids, int from, int to) {
        Objects.checkFromToIndex(from, to, ids.length);
        IntArrayList slice = new IntArrayList(to - from);
        for (int i = from; i < to; i++) {
            slice.add(checkId(ids[i]));
        }
        return encoding.decode(slice);
    }

    /**
     * Text of one token, as shown by {@code scone tokenize --format text}. Tokens holding part of a
     * multi-byte character decode to U+FFFD.
     *
     * @throws IllegalArgumentException if {@code id} is outside 0..{@value #VOCABULARY_SIZE}-1
     */
    public String tokenText(int id) {
        return TokenTexts.TEXTS[checkId(id)];
    }

    /** Number of token ids, {@value #VOCABULARY_SIZE}. */
    public int vocabularySize() {
        return VOCABULARY_SIZE;
    }

    /** The tokenizer's name, {@value #NAME}. */
    public String name() {
        return NAME;
    }

    private static int checkId(int id) {
        if (id < 0 || id >= VOCABULARY_SIZE) {
            throw new IllegalArgumentException(
                    "Token id "
                            + id
                            + " is outside the GPT-2 vocabulary (0.."
                            + (VOCABULARY_SIZE - 1)
                            + ").");
        }
        return id;
    }

    @Override
    public String toString() {
        return NAME;
    }

    /**
     * Every token's text, decoded once on first use: a holder class, so that callers who only
     * encode never pay for the table.
     */
    private static final class TokenTexts {
        static final String[] TEXTS = decodeAll();

        private static String[] decodeAll() {
            String[] texts = new String[VOCABULARY_SIZE];
            IntArrayList single = new IntArrayList(1);
            single.add(0);
            for (int id = 0; id < VOCABULARY_SIZE; id++) {
                single.set(0, id);
                texts[id] = INSTANCE.encoding.decode(single);
            }
            return texts;
        }
    }
}
