package dev.scone.bench;

import dev.scone.flink.service.RawRecord;
import dev.scone.schemas.Result;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The measuring ends of one {@code streaming-ceiling} job run: a gate that holds the documents back
 * until the driver opens it (after the table is in keyed state), and a sink that counts the results
 * and notes the process CPU time and the clock when the last one arrives.
 *
 * <p>Both find their run by name in a registry of this JVM, so they work with the in-process
 * MiniCluster the suite runs on and nowhere else.
 */
final class CeilingProbe {

    private static final Map<String, CeilingProbe> RUNS = new ConcurrentHashMap<>();

    final String name;
    private final long expectedResults;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong results = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile String firstDeadLetter = "";
    private volatile long startCpuNanos;
    private volatile long startNanos;
    private volatile long endCpuNanos;
    private volatile long endNanos;

    private CeilingProbe(String name, long expectedResults) {
        this.name = name;
        this.expectedResults = expectedResults;
    }

    /** Registers a run that expects {@code expectedResults} results. */
    static CeilingProbe register(String name, long expectedResults) {
        CeilingProbe probe = new CeilingProbe(name, expectedResults);
        if (RUNS.putIfAbsent(name, probe) != null) {
            throw new IllegalStateException("A run called " + name + " is already registered.");
        }
        return probe;
    }

    /** Forgets the run. */
    void unregister() {
        RUNS.remove(name);
        gate.countDown();
    }

    private static CeilingProbe of(String name) {
        CeilingProbe probe = RUNS.get(name);
        if (probe == null) {
            throw new IllegalStateException("No streaming-ceiling run called " + name + ".");
        }
        return probe;
    }

    /** Notes the start of the measured window and lets the documents in. */
    void open() {
        startCpuNanos = ProcessCpu.nanos();
        startNanos = System.nanoTime();
        gate.countDown();
    }

    /** Waits for the last result; false when {@code limit} passed first. */
    boolean awaitLastResult(Duration limit) throws InterruptedException {
        return done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    void record(Result result) {
        tokens.addAndGet(result.getTokens());
        matched.addAndGet(result.getMatchedPositions());
        if (results.incrementAndGet() == expectedResults) {
            endCpuNanos = ProcessCpu.nanos();
            endNanos = System.nanoTime();
            done.countDown();
        }
    }

    long deadLetters() {
        return deadLetters.get();
    }

    String firstDeadLetter() {
        return firstDeadLetter;
    }

    long results() {
        return results.get();
    }

    long tokens() {
        return tokens.get();
    }

    long matchedPositions() {
        return matched.get();
    }

    /** CPU seconds of the whole process from {@link #open} to the last result. */
    double cpuSeconds() {
        return (endCpuNanos - startCpuNanos) / 1e9;
    }

    /** Wall seconds from {@link #open} to the last result. */
    double wallSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Passes each document on once the run's gate is open. */
    static final class Gate implements MapFunction<RawRecord, RawRecord> {
        private static final long serialVersionUID = 1L;

        private final String run;
        private final long limitMillis;

        Gate(String run, Duration limit) {
            this.run = run;
            this.limitMillis = limit.toMillis();
        }

        @Override
        public RawRecord map(RawRecord record) throws InterruptedException {
            if (!of(run).gate.await(limitMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The documents' gate was never opened.");
            }
            return record;
        }
    }

    /** Counts the dead letters into the run's probe, keeping the first one's reason. */
    static final class DeadLetterCounting implements Sink<dev.scone.schemas.DeadLetter> {
        private static final long serialVersionUID = 1L;

        private final String run;

        DeadLetterCounting(String run) {
            this.run = run;
        }

        @Override
        public SinkWriter<dev.scone.schemas.DeadLetter> createWriter(WriterInitContext context) {
            CeilingProbe probe = of(run);
            return new SinkWriter<>() {
                @Override
                public void write(dev.scone.schemas.DeadLetter letter, Context context) {
                    if (probe.deadLetters.getAndIncrement() == 0) {
                        probe.firstDeadLetter = String.valueOf(letter.getReason());
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    /** Counts the results into the run's probe. */
    static final class Counting implements Sink<Result> {
        private static final long serialVersionUID = 1L;

        private final String run;

        Counting(String run) {
            this.run = run;
        }

        @Override
        public SinkWriter<Result> createWriter(WriterInitContext context) {
            CeilingProbe probe = of(run);
            return new SinkWriter<>() {
                @Override
                public void write(Result result, Context context) {
                    probe.record(result);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
