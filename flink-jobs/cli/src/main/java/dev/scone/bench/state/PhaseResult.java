package dev.scone.bench.state;

import dev.scone.bench.Measurement;
import java.util.Arrays;
import org.openjdk.jmh.util.ListStatistics;

/**
 * What one measured phase of one run gave: per timed segment, the lookups answered and the wall and
 * CPU time they took; the answers by match length; and RocksDB's block-cache hit rate over the
 * phase where it was read.
 *
 * @param segmentLookups lookups answered in each segment
 * @param segmentWallNanos wall-clock nanoseconds of each segment
 * @param segmentCpuNanos CPU nanoseconds the match operator's thread used in each segment
 * @param lengthCounts answers with match length 0 .. 5
 * @param blockCacheHitRate block-cache hits over hits and misses in the phase, NaN when not read
 */
public record PhaseResult(
        long[] segmentLookups,
        long[] segmentWallNanos,
        long[] segmentCpuNanos,
        long[] lengthCounts,
        double blockCacheHitRate) {

    public PhaseResult {
        if (segmentLookups.length == 0
                || segmentWallNanos.length != segmentLookups.length
                || segmentCpuNanos.length != segmentLookups.length) {
            throw new IllegalArgumentException(
                    "A phase needs one lookup count, wall time and CPU time per segment.");
        }
        segmentLookups = segmentLookups.clone();
        segmentWallNanos = segmentWallNanos.clone();
        segmentCpuNanos = segmentCpuNanos.clone();
        lengthCounts = lengthCounts.clone();
    }

    /**
     * The phase from the stamps {@link MatchTimer} took: {@code stampIndices[k]} is the lookup
     * after whose answer stamp k was taken.
     */
    public static PhaseResult fromStamps(
            long[] stampIndices,
            long[] wallStamps,
            long[] cpuStamps,
            long[] lengthCounts,
            double blockCacheHitRate) {
        if (wallStamps.length != stampIndices.length || cpuStamps.length != stampIndices.length) {
            throw new IllegalStateException(
                    "The match timer took "
                            + wallStamps.length
                            + " stamps of "
                            + stampIndices.length
                            + ": the phase did not finish.");
        }
        int segments = stampIndices.length - 1;
        long[] lookups = new long[segments];
        long[] wall = new long[segments];
        long[] cpu = new long[segments];
        for (int k = 0; k < segments; k++) {
            lookups[k] = stampIndices[k + 1] - stampIndices[k];
            wall[k] = wallStamps[k + 1] - wallStamps[k];
            cpu[k] = cpuStamps[k + 1] - cpuStamps[k];
        }
        return new PhaseResult(lookups, wall, cpu, lengthCounts, blockCacheHitRate);
    }

    /** Lookups per second of wall-clock time: mean over segments ± 99.9% confidence half-width. */
    public Measurement wallRate() {
        return rate(segmentWallNanos);
    }

    /** Lookups per CPU second of the match operator's thread, over segments likewise. */
    public Measurement cpuRate() {
        return rate(segmentCpuNanos);
    }

    /** Lookups the timed segments cover. */
    public long timedLookups() {
        return Arrays.stream(segmentLookups).sum();
    }

    /** Share of the phase's lookups that found an f-gram. */
    public double fgramHitRate() {
        long total = Arrays.stream(lengthCounts).sum();
        return total == 0 ? 0 : 1.0 - (double) lengthCounts[0] / total;
    }

    private Measurement rate(long[] nanos) {
        ListStatistics rates = new ListStatistics();
        for (int k = 0; k < segmentLookups.length; k++) {
            if (nanos[k] <= 0) {
                throw new IllegalStateException(
                        "Segment " + k + " of a phase took no measurable time.");
            }
            rates.addValue(segmentLookups[k] / (nanos[k] / 1e9));
        }
        double error = segmentLookups.length < 2 ? Double.NaN : rates.getMeanErrorAt(0.999);
        return new Measurement(rates.getMean(), error);
    }
}
