package dev.scone.flink.service.matching;

import dev.scone.model.fgram.FgramKey;

/**
 * The key the f-gram table is partitioned by: the last two tokens of an f-gram. Every f-gram that
 * can end at a position ends with that position's bigram, so one keyed lookup sees all candidates;
 * and within a key, the tokens before the bigram identify the f-gram, packed as the model packs
 * every n-gram ({@link FgramKey#packShort}).
 */
public final class BigramKey {

    private BigramKey() {}

    /** Key of the bigram (previous, last). */
    public static long of(int previous, int last) {
        return ((long) previous << 32) | (last & 0xFFFFFFFFL);
    }

    /** Key of the bigram an f-gram ends with. */
    public static long ofFgram(int[] fgram) {
        return of(fgram[fgram.length - 2], fgram[fgram.length - 1]);
    }

    /**
     * Identifies an f-gram of length {@code length} ending at the end of {@code tokens} among those
     * that share its bigram: the (length - 2) tokens before the bigram.
     */
    public static long prefixKey(int[] tokens, int length) {
        return FgramKey.packShort(tokens, tokens.length - length, length - 2);
    }

    /** Whether {@code fgram} has 2..K tokens whose prefix packs into a key. */
    public static boolean fits(int[] fgram) {
        for (int token : fgram) {
            if (token < 0 || token >= FgramKey.MAX_TOKEN_ID) {
                return false;
            }
        }
        return fgram.length >= FgramKey.MIN_FGRAM_LENGTH && fgram.length <= FgramKey.MAX_LENGTH;
    }
}
