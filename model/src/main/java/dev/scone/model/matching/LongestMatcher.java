package dev.scone.model.matching;

import dev.scone.model.fgram.FgramIndex;
import dev.scone.model.fgram.FgramKey;
import dev.scone.model.fgram.FgramVocabulary;
import java.util.Objects;

/**
 * Finds, for each position i of a token sequence, the length of the longest f-gram that ends at i
 * (the tokens i-n+1..i for the largest n in 2..K that is in the vocabulary), or 0 when none does.
 *
 * <p>With a suffix-closed vocabulary the search probes lengths 2, 3, ... and stops at the first
 * miss: if (i-n+1..i) is missing, no longer f-gram can end at i, since its suffix of length n would
 * be kept. Most positions then cost one probe. Without closure that shortcut could miss a long
 * f-gram whose shorter suffix is absent, so lengths are probed from K down to 2 instead.
 *
 * <p>Lookups allocate nothing (except {@link #match(int[])}'s result). Safe for concurrent use
 * while the index is not modified.
 */
public final class LongestMatcher {

    private static final int MIN_LENGTH = 2;

    private final FgramIndex index;
    private final int maxN;
    private final boolean suffixClosed;

    /**
     * A matcher over an index of f-grams.
     *
     * @param index the f-grams, packed
     * @param maxN K, the longest f-gram length to try (2..{@link FgramKey#MAX_LENGTH})
     * @param suffixClosed whether every indexed f-gram of length 3 or more has its suffix indexed
     *     too; pass true only when it is, or matches will be missed
     */
    public LongestMatcher(FgramIndex index, int maxN, boolean suffixClosed) {
        this.index = Objects.requireNonNull(index, "index");
        this.maxN = FgramKey.requireMaxLength(maxN, FgramKey.LONGEST_LENGTH);
        this.suffixClosed = suffixClosed;
    }

    /** A matcher over a vocabulary, using its closure property. */
    public static LongestMatcher of(FgramVocabulary vocabulary) {
        return new LongestMatcher(
                vocabulary.index(), vocabulary.maxN(), vocabulary.isSuffixClosed());
    }

    /** K, the longest f-gram length tried. */
    public int maxN() {
        return maxN;
    }

    /** Whether the search stops at the first missing length. */
    public boolean isSuffixClosed() {
        return suffixClosed;
    }

    /** Match length (0 or 2..K) of every position of {@code tokens}. */
    public int[] match(int[] tokens) {
        int[] lengths = new int[tokens.length];
        match(tokens, 0, tokens.length, lengths);
        return lengths;
    }

    /**
     * Match lengths of the sequence {@code tokens[from .. to)}: {@code out[k]} is the length (0 or
     * 2..K) of the longest f-gram ending at position {@code from + k} and lying wholly inside the
     * sequence, so the first position never matches and position {@code from + k} matches at most
     * {@code k + 1} tokens. Allocation-free.
     *
     * @param out receives to-from lengths from index 0
     */
    public void match(int[] tokens, int from, int to, int[] out) {
        Objects.checkFromToIndex(from, to, tokens.length);
        Objects.checkFromIndexSize(0, to - from, out.length);
        if (!suffixClosed) {
            for (int i = from; i < to; i++) {
                out[i - from] = longestEndingAt(tokens, from, i);
            }
            return;
        }
        // Breadth first: all bigrams, then the trigrams whose bigram hit, and so on. The probes
        // of one sweep are independent of each other, so the CPU overlaps their cache misses,
        // where a position-by-position search waits for each miss before the next probe.
        if (to == from) {
            return;
        }
        out[0] = 0;
        for (int i = from + 1; i < to; i++) {
            out[i - from] = index.contains(tokens, i - 1, MIN_LENGTH) ? MIN_LENGTH : 0;
        }
        for (int length = MIN_LENGTH + 1; length <= maxN; length++) {
            boolean extended = false;
            for (int i = from + length - 1; i < to; i++) {
                if (out[i - from] == length - 1 && index.contains(tokens, i - length + 1, length)) {
                    out[i - from] = length;
                    extended = true;
                }
            }
            if (!extended) {
                break;
            }
        }
    }

    /**
     * Length (0 or 2..K) of the longest f-gram ending at position {@code i} of {@code tokens},
     * looking back as far as the start of the array: one generation step's lookup.
     */
    public int longestEndingAt(int[] tokens, int i) {
        return longestEndingAt(tokens, 0, i);
    }

    /**
     * Length (0 or 2..K) of the longest f-gram ending at position {@code i} that starts no earlier
     * than {@code from}.
     */
    public int longestEndingAt(int[] tokens, int from, int i) {
        Objects.checkIndex(i, tokens.length);
        int longestPossible = Math.min(maxN, i - from + 1);
        if (suffixClosed) {
            int longest = 0;
            for (int n = MIN_LENGTH; n <= longestPossible; n++) {
                if (!index.contains(tokens, i - n + 1, n)) {
                    break;
                }
                longest = n;
            }
            return longest;
        }
        for (int n = longestPossible; n >= MIN_LENGTH; n--) {
            if (index.contains(tokens, i - n + 1, n)) {
                return n;
            }
        }
        return 0;
    }

    /**
     * Mean f-gram length over the positions that matched one, 0 when none did: with {@link
     * #matchedPositions(int[])}, the match statistics every score reports, counted here only.
     */
    public static double meanMatchLength(int[] matchLengths) {
        int matched = 0;
        long lengthSum = 0;
        for (int length : matchLengths) {
            if (length > 0) {
                matched++;
                lengthSum += length;
            }
        }
        return matched == 0 ? 0.0 : (double) lengthSum / matched;
    }

    /** Number of positions that matched an f-gram. */
    public static int matchedPositions(int[] matchLengths) {
        return matchedPositions(matchLengths, 0, matchLengths.length);
    }

    /** Number of positions in {@code matchLengths[from .. to)} that matched an f-gram. */
    public static int matchedPositions(int[] matchLengths, int from, int to) {
        Objects.checkFromToIndex(from, to, matchLengths.length);
        int matched = 0;
        for (int i = from; i < to; i++) {
            if (matchLengths[i] > 0) {
                matched++;
            }
        }
        return matched;
    }

    @Override
    public String toString() {
        return "LongestMatcher{maxN="
                + maxN
                + ", suffixClosed="
                + suffixClosed
                + ", "
                + index
                + "}";
    }
}
