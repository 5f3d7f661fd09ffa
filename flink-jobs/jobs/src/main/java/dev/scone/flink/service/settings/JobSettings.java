package dev.scone.flink.service.settings;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the job as a whole: its parallelism, checkpoints and the model it serves.
 *
 * @param maxParallelism key groups the table is partitioned into, the bound of any later rescale
 * @param checkpointDir checkpoint directory URI; null leaves it to the caller's default
 * @param model a shipped model's name or a model directory
 */
public record JobSettings(
        int parallelism,
        int maxParallelism,
        Duration checkpointInterval,
        String checkpointDir,
        String model)
        implements Serializable {

    public static final int DEFAULT_PARALLELISM = 2;
    public static final int DEFAULT_MAX_PARALLELISM = 128;
    public static final String DEFAULT_CHECKPOINT_INTERVAL = "PT5S";
    public static final String DEFAULT_MODEL = "scone";

    /** Every setting at its default. */
    public static JobSettings defaults() {
        return new JobSettings(
                DEFAULT_PARALLELISM,
                DEFAULT_MAX_PARALLELISM,
                Duration.parse(DEFAULT_CHECKPOINT_INTERVAL),
                null,
                DEFAULT_MODEL);
    }
}
