package dev.scone.bench;

import java.time.Duration;

/**
 * How long JMH measures: one fork per benchmark, a few warm-up and measurement iterations of a
 * second or two. Short iterations suit a shared, noisy machine better than one long one, since
 * JMH's error bar then reflects the noise instead of hiding it.
 *
 * @param warmupIterations iterations run and discarded while the JIT settles
 * @param warmupTime length of one warm-up iteration
 * @param measurementIterations iterations that make the reported mean and error
 * @param measurementTime length of one measurement iteration
 */
public record BenchSettings(
        int warmupIterations,
        Duration warmupTime,
        int measurementIterations,
        Duration measurementTime) {

    /** Three 1 s warm-up iterations, five 2 s measurement iterations. */
    public static final BenchSettings FULL =
            new BenchSettings(3, Duration.ofSeconds(1), 5, Duration.ofSeconds(2));

    /** One 1 s warm-up iteration, three 1 s measurement iterations: a smoke test. */
    public static final BenchSettings QUICK =
            new BenchSettings(1, Duration.ofSeconds(1), 3, Duration.ofSeconds(1));

    public BenchSettings {
        if (warmupIterations < 0 || measurementIterations < 2) {
            throw new IllegalArgumentException(
                    "A benchmark needs no negative warm-up and at least two measurement"
                            + " iterations for an error bar.");
        }
    }

    /** The settings in words, for reports. */
    public String describe() {
        return String.format(
                "JMH, 1 fork, %d × %d s warm-up, %d × %d s measurement; mean ± 99.9%% confidence"
                        + " half-width",
                warmupIterations,
                warmupTime.toSeconds(),
                measurementIterations,
                measurementTime.toSeconds());
    }
}
