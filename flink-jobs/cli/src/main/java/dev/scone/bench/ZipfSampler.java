package dev.scone.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to {@code 1 / (rank + 1)^exponent}: the shape of
 * word and token frequencies in natural text. Sampling inverts the cumulative distribution by
 * binary search, so a draw costs about log2(n) steps and the same random numbers give the same
 * ranks.
 *
 * <p>Immutable and safe to share; the randomness comes from the caller's generator.
 */
public final class ZipfSampler {

    private final double exponent;
    private final double[] cumulative;

    /**
     * @param ranks how many ranks, at least 1
     * @param exponent the power-law exponent, positive; natural-language tokens are close to 1
     */
    public ZipfSampler(int ranks, double exponent) {
        if (ranks < 1) {
            throw new IllegalArgumentException(
                    "A Zipf distribution needs at least one rank, not " + ranks + ".");
        }
        if (!(exponent > 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException(
                    "The Zipf exponent must be a positive number, not " + exponent + ".");
        }
        this.exponent = exponent;
        this.cumulative = new double[ranks];
        double sum = 0;
        for (int rank = 0; rank < ranks; rank++) {
            sum += Math.pow(rank + 1, -exponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < ranks; rank++) {
            cumulative[rank] /= sum;
        }
        // Rounding must not leave a sliver above the last rank that no draw could land in.
        cumulative[ranks - 1] = 1.0;
    }

    /** Number of ranks. */
    public int ranks() {
        return cumulative.length;
    }

    /** The power-law exponent. */
    public double exponent() {
        return exponent;
    }

    /** Probability of drawing {@code rank}. */
    public double probability(int rank) {
        return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
    }

    /** One rank, 0 being the most probable. */
    public int sample(SplittableRandom random) {
        double u = random.nextDouble();
        int found = Arrays.binarySearch(cumulative, u);
        // An exact hit on a boundary belongs to the next rank: cumulative[r] is exclusive.
        int rank = found >= 0 ? found + 1 : -found - 1;
        return Math.min(rank, cumulative.length - 1);
    }

    /** {@code count} ranks in a new array. */
    public int[] sample(SplittableRandom random, int count) {
        int[] ranks = new int[count];
        for (int i = 0; i < count; i++) {
            ranks[i] = sample(random);
        }
        return ranks;
    }
}
