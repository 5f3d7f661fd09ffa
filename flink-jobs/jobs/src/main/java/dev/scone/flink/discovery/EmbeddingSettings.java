package dev.scone.flink.discovery;

import java.io.Serializable;
import java.time.Duration;

/**
 * How admitted n-grams are embedded with A_F.
 *
 * @param batchSize most n-grams per A_F forward pass
 * @param maxWait longest an admitted n-gram waits for others to fill a batch
 * @param cpuThreads PyTorch threads of each embedder; 0 leaves PyTorch's default
 */
public record EmbeddingSettings(int batchSize, Duration maxWait, int cpuThreads)
        implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final String DEFAULT_MAX_WAIT = "PT0.2S";
    public static final int DEFAULT_CPU_THREADS = 1;

    public EmbeddingSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--embed-batch-size must be 1 or more");
        }
    }

    public static EmbeddingSettings defaults() {
        return new EmbeddingSettings(
                DEFAULT_BATCH_SIZE, Duration.parse(DEFAULT_MAX_WAIT), DEFAULT_CPU_THREADS);
    }
}
