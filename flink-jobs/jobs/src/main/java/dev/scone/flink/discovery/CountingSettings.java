package dev.scone.flink.discovery;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the counter counts and admits n-grams.
 *
 * @param minCount decayed count at which an n-gram not in the table is admitted
 * @param window half-life of the decayed counts (in record time), and how long a candidate may go
 *     unseen (in processing time) before its state is dropped
 */
public record CountingSettings(int minCount, Duration window) implements Serializable {

    public static final int DEFAULT_MIN_COUNT = 5;
    public static final String DEFAULT_WINDOW = "PT10M";

    public CountingSettings {
        if (minCount < 1) {
            throw new IllegalArgumentException("--min-count must be 1 or more, not " + minCount);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("--window must be positive, not " + window);
        }
    }

    public static CountingSettings defaults() {
        return new CountingSettings(DEFAULT_MIN_COUNT, Duration.parse(DEFAULT_WINDOW));
    }
}
