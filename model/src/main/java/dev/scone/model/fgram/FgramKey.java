package dev.scone.model.fgram;

import java.util.Arrays;

/**
 * Packs an n-gram of up to {@link #MAX_LENGTH} token ids into two primitive longs, so that hash
 * lookups on the matching hot path allocate nothing.
 *
 * <p>Layout: {@code lo} holds tokens 0..2 and {@code hi} tokens 3..4, 21 bits each, with the length
 * in bits 42..44 of {@code hi}. Because the length is part of {@code hi}, a packed key is never
 * {@code hi == 0}, which hash tables use to mark an empty slot.
 */
public final class FgramKey {

    /** Longest n-gram a key can hold; the paper uses K = 5 throughout. */
    public static final int MAX_LENGTH = 5;

    /** Bits per token id: enough for vocabularies of up to two million tokens. */
    public static final int TOKEN_BITS = 21;

    /** Largest token id a key can hold. */
    public static final int MAX_TOKEN_ID = (1 << TOKEN_BITS) - 1;

    /** Shortest f-gram: a bigram. */
    public static final int MIN_FGRAM_LENGTH = 2;

    /** How {@link #requireMaxLength(int, String)} names K unless told otherwise. */
    public static final String LONGEST_LENGTH = "The longest f-gram length K";

    private static final long TOKEN_MASK = MAX_TOKEN_ID;
    private static final int LENGTH_SHIFT = 2 * TOKEN_BITS;

    private FgramKey() {}

    /** Low word of the key for {@code tokens[from .. from+length)}. */
    public static long lo(int[] tokens, int from, int length) {
        long lo = 0;
        int n = Math.min(length, 3);
        for (int k = 0; k < n; k++) {
            lo |= (tokens[from + k] & TOKEN_MASK) << (k * TOKEN_BITS);
        }
        return lo;
    }

    /** High word of the key for {@code tokens[from .. from+length)}. */
    public static long hi(int[] tokens, int from, int length) {
        long hi = (long) length << LENGTH_SHIFT;
        for (int k = 3; k < length; k++) {
            hi |= (tokens[from + k] & TOKEN_MASK) << ((k - 3) * TOKEN_BITS);
        }
        return hi;
    }

    /**
     * Packs up to three token ids into one long: the tokens before an f-gram's final bigram, which
     * is all that tells apart the f-grams sharing that bigram. Each id is stored plus one, so an
     * empty slot (0) ends the sequence and the count is part of the key; ids up to {@code
     * MAX_TOKEN_ID - 1} pack this way.
     */
    public static long packShort(int[] tokens, int from, int count) {
        long packed = 0;
        for (int k = 0; k < count; k++) {
            packed |= ((tokens[from + k] + 1L) & TOKEN_MASK) << (k * TOKEN_BITS);
        }
        return packed;
    }

    /**
     * Checks K, the longest f-gram length a vocabulary, matcher, model or job works with.
     *
     * @param subject how the message names K, e.g. {@link #LONGEST_LENGTH}
     * @return {@code maxLength}
     * @throws IllegalArgumentException unless 2 <= K <= {@link #MAX_LENGTH}
     */
    public static int requireMaxLength(int maxLength, String subject) {
        if (maxLength < MIN_FGRAM_LENGTH || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    subject
                            + " must be between "
                            + MIN_FGRAM_LENGTH
                            + " and "
                            + MAX_LENGTH
                            + ", not "
                            + maxLength
                            + ".");
        }
        return maxLength;
    }

    /** Length of the n-gram a key holds. */
    public static int length(long hi) {
        return (int) (hi >>> LENGTH_SHIFT);
    }

    /** The token ids a key holds, in order. */
    public static int[] unpack(long lo, long hi) {
        int length = length(hi);
        int[] tokens = new int[length];
        for (int k = 0; k < length; k++) {
            long word = k < 3 ? lo : hi;
            int shift = (k < 3 ? k : k - 3) * TOKEN_BITS;
            tokens[k] = (int) ((word >>> shift) & TOKEN_MASK);
        }
        return tokens;
    }

    /**
     * Checks that {@code tokens} can be packed: 1..{@link #MAX_LENGTH} ids within range.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void validate(int[] tokens) {
        if (tokens.length < 1 || tokens.length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "An f-gram has 1 to "
                            + MAX_LENGTH
                            + " tokens, not "
                            + tokens.length
                            + ": "
                            + Arrays.toString(tokens)
                            + ".");
        }
        for (int token : tokens) {
            if (token < 0 || token > MAX_TOKEN_ID) {
                throw new IllegalArgumentException(
                        "Token id " + token + " is outside 0.." + MAX_TOKEN_ID + ".");
            }
        }
    }

    /** A well-mixed 64-bit hash of a key (a murmur3-style finaliser over both words). */
    public static long hash(long lo, long hi) {
        long h = lo * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(hi * 0xC2B2AE3D27D4EB4FL, 31);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
