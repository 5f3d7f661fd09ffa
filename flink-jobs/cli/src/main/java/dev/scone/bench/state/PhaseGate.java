package dev.scone.bench.state;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Holds a generator source back at given record indices until the driver opens the next gate: the
 * lookups wait while the table loads and while the driver reads RocksDB's statistics between
 * phases.
 *
 * <p>A rate limiter, not a sleep in the generator, because a waiting rate limiter leaves the source
 * task's mailbox free: the savepoint that measures the table's size on disk must pass through the
 * waiting source. The driver opens gate k by creating a file, which reaches the source in this JVM
 * or in another one.
 *
 * <p>The limiter counts the records it lets through, so the source must run at parallelism 1.
 */
public final class PhaseGate implements RateLimiterStrategy<NumberSequenceSplit> {

    private static final long serialVersionUID = 1L;
    private static final long POLL_MILLIS = 5;

    private final String directory;
    private final long[] boundaries;
    private final long limitMillis;

    /**
     * @param directory where the gate files appear; must exist
     * @param boundaries record indices, ascending, before each of which the source waits for the
     *     next gate
     * @param limit how long the source waits at one gate before it fails
     */
    public PhaseGate(Path directory, long[] boundaries, Duration limit) {
        for (int k = 1; k < boundaries.length; k++) {
            if (boundaries[k] < boundaries[k - 1]) {
                throw new IllegalArgumentException(
                        "Gate boundaries must ascend, not " + Arrays.toString(boundaries));
            }
        }
        this.directory = directory.toAbsolutePath().toString();
        this.boundaries = boundaries.clone();
        this.limitMillis = limit.toMillis();
    }

    /** Lets the source past boundary {@code gate}. */
    public void open(int gate) throws IOException {
        try {
            Files.createFile(gateFile(gate));
        } catch (FileAlreadyExistsException alreadyOpen) {
            // Opening twice changes nothing.
        }
    }

    /** Whether boundary {@code gate} has been opened. */
    public boolean isOpen(int gate) {
        return Files.exists(gateFile(gate));
    }

    private Path gateFile(int gate) {
        return Path.of(directory, "gate-" + gate);
    }

    @Override
    public RateLimiter<NumberSequenceSplit> createRateLimiter(int parallelism) {
        if (parallelism != 1) {
            throw new IllegalStateException(
                    "A phase-gated source counts its records and must run at parallelism 1, not "
                            + parallelism
                            + ".");
        }
        return new Limiter();
    }

    private final class Limiter implements RateLimiter<NumberSequenceSplit> {

        private long emitted;
        private int nextGate;

        @Override
        public CompletionStage<Void> acquire(int requestSize) {
            long index = emitted;
            emitted += requestSize;
            if (nextGate < boundaries.length && index >= boundaries[nextGate]) {
                int gate = nextGate++;
                return awaitOpen(
                        gate, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis));
            }
            return CompletableFuture.completedFuture(null);
        }

        private CompletableFuture<Void> awaitOpen(int gate, long deadline) {
            if (isOpen(gate)) {
                return CompletableFuture.completedFuture(null);
            }
            if (System.nanoTime() > deadline) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException(
                                "Lookup gate "
                                        + gate
                                        + " was not opened within "
                                        + limitMillis / 1000
                                        + " s; the benchmark driver has stopped."));
            }
            return CompletableFuture.runAsync(
                            () -> {},
                            CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> awaitOpen(gate, deadline));
        }
    }
}
