package dev.scone.flink.service.settings;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the decoder, the stage that runs the language model.
 *
 * @param batchSize most documents scored in one forward pass
 * @param maxWait longest a document waits for others to fill a batch
 * @param timeout longest the decoder may take for one document before it is dead-lettered
 * @param threads PyTorch threads per decoder subtask; 0 shares the machine's cores out
 * @param capacity documents in flight in each decoder (checkpointed with the job)
 */
public record DecoderSettings(
        int batchSize, Duration maxWait, Duration timeout, int threads, int capacity)
        implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 8;
    public static final String DEFAULT_MAX_WAIT = "PT0.02S";
    public static final String DEFAULT_TIMEOUT = "PT120S";
    public static final int DEFAULT_THREADS = 0;
    public static final int DEFAULT_CAPACITY = 64;

    /** Every setting at its default. */
    public static DecoderSettings defaults() {
        return new DecoderSettings(
                DEFAULT_BATCH_SIZE,
                Duration.parse(DEFAULT_MAX_WAIT),
                Duration.parse(DEFAULT_TIMEOUT),
                DEFAULT_THREADS,
                DEFAULT_CAPACITY);
    }

    /**
     * PyTorch threads per decoder subtask when all {@code decodersInProcess} decoders share this
     * machine's cores: {@link #threads} if set, else the cores divided among them.
     */
    public int cpuThreadsPerDecoder(int decodersInProcess) {
        if (threads > 0) {
            return threads;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, cores / Math.max(1, decodersInProcess));
    }
}
