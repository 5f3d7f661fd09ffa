package dev.scone.model.fgram;

/**
 * Arithmetic on packed keys ({@link FgramKey}) that avoids unpacking into arrays: reading one
 * token, the key of a gram's suffix, and a key's tokens as two big-endian numbers for ordering.
 */
final class PackedGrams {

    private static final int BITS = FgramKey.TOKEN_BITS;
    private static final long MASK = FgramKey.MAX_TOKEN_ID;
    private static final int LENGTH_SHIFT = 2 * BITS;

    private PackedGrams() {}

    /** Token {@code k} of a packed key. */
    static int token(long lo, long hi, int k) {
        long word = k < 3 ? lo : hi;
        int shift = (k < 3 ? k : k - 3) * BITS;
        return (int) ((word >>> shift) & MASK);
    }

    /** Low word of the key of the gram without its first token. */
    static long suffixLo(long lo, long hi) {
        return (lo >>> BITS) | ((hi & MASK) << (2 * BITS));
    }

    /** High word of the key of the gram without its first token. */
    static long suffixHi(long lo, long hi) {
        long length = FgramKey.length(hi) - 1;
        return (length << LENGTH_SHIFT) | ((hi >>> BITS) & MASK);
    }

    /**
     * Tokens 0..2 as one number with token 0 most significant, so that comparing it, then {@link
     * #minorOrder}, orders grams of equal length lexicographically.
     */
    static long majorOrder(long lo) {
        return ((lo & MASK) << (2 * BITS)) | (((lo >>> BITS) & MASK) << BITS) | (lo >>> (2 * BITS));
    }

    /** Tokens 3..4 as one number with token 3 most significant. */
    static long minorOrder(long hi) {
        return ((hi & MASK) << BITS) | ((hi >>> BITS) & MASK);
    }
}
