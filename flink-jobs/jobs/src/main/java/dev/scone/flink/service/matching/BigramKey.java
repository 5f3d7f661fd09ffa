package dev.scone.flink.service.matching;

/**
 * The key the f-gram table is partitioned by: the last two tokens of an f-gram. Every f-gram that
 * can end at a position ends with that position's bigram, so one keyed lookup sees all candidates;
 * and within a key, the tokens before the bigram identify the f-gram.
 */
public final class BigramKey {

    /** Bits per token in a prefix key: GPT-2's 50,257 ids need 16. */
    static final int PREFIX_TOKEN_BITS = 20;

    static final int MAX_PREFIX_TOKEN = (1 << PREFIX_TOKEN_BITS) - 1;

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
     * that share its bigram: its length and the (length - 2) tokens before the bigram.
     */
    public static long prefixKey(int[] tokens, int length) {
        long key = (long) length << (3 * PREFIX_TOKEN_BITS);
        int prefixLength = length - 2;
        int start = tokens.length - length;
        for (int k = 0; k < prefixLength; k++) {
            key |= (long) (tokens[start + k] & MAX_PREFIX_TOKEN) << (k * PREFIX_TOKEN_BITS);
        }
        return key;
    }

    /** Whether every token of {@code fgram} fits a prefix key. */
    public static boolean fits(int[] fgram) {
        for (int token : fgram) {
            if (token < 0 || token > MAX_PREFIX_TOKEN) {
                return false;
            }
        }
        return fgram.length >= 2 && fgram.length <= 5;
    }
}
