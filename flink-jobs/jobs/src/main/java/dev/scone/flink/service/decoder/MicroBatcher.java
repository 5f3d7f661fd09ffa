package dev.scone.flink.service.decoder;

import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.model.serving.ScoredDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Dynamic micro-batching in front of a model that must be called from one thread: documents queue
 * up while the model is busy, and the worker takes up to {@code maxBatch} scoring requests at a
 * time, waiting at most {@code maxWait} for a batch to fill. Under light load a document waits at
 * most {@code maxWait}; under heavy load batches fill at once and throughput rises. Generation
 * requests run one at a time (each is its own decode loop).
 *
 * <p>The streaming decoder and the SQL model provider ({@code dev.scone.flink.sql}) both batch
 * through it.
 */
public final class MicroBatcher<T> implements AutoCloseable {

    /** A queued document and whoever waits for its answer. */
    public static final class Pending<T> {
        public final AssembledDocument document;
        public final T callback;

        Pending(AssembledDocument document, T callback) {
            this.document = document;
            this.callback = callback;
        }
    }

    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Consumer<List<Pending<T>>> scoreBatch;
    private final Consumer<Pending<T>> generateOne;
    private final Thread worker;
    private volatile boolean running = true;
    private volatile int lastBatchSize;

    public MicroBatcher(
            String name,
            int maxBatch,
            Duration maxWait,
            Consumer<List<Pending<T>>> scoreBatch,
            Consumer<Pending<T>> generateOne) {
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.scoreBatch = scoreBatch;
        this.generateOne = generateOne;
        this.worker = new Thread(this::run, name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Scores a whole batch in one call to the session: each pending document then gets its own
     * output, or, when the call fails, every one gets the failure.
     */
    public static <T> void scoreAll(
            ModelSession model,
            List<Pending<T>> batch,
            BiConsumer<Pending<T>, ScoredDocument> scored,
            BiConsumer<Pending<T>, RuntimeException> failed) {
        List<AssembledDocument> documents = new ArrayList<>(batch.size());
        for (var pending : batch) {
            documents.add(pending.document);
        }
        List<ScoredDocument> outputs;
        try {
            outputs = model.score(documents);
        } catch (RuntimeException e) {
            for (var pending : batch) {
                failed.accept(pending, e);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            scored.accept(batch.get(i), outputs.get(i));
        }
    }

    public void submit(AssembledDocument document, T callback) {
        queue.add(new Pending<>(document, callback));
    }

    int lastBatchSize() {
        return lastBatchSize;
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (first.document.request.isGenerate()) {
                    lastBatchSize = 1;
                    generateOne.accept(first);
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                Pending<T> deferredGeneration = null;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending<T> next =
                            left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next.document.request.isGenerate()) {
                        deferredGeneration = next;
                        break;
                    }
                    batch.add(next);
                }
                lastBatchSize = batch.size();
                scoreBatch.accept(new ArrayList<>(batch));
                batch.clear();
                if (deferredGeneration != null) {
                    lastBatchSize = 1;
                    generateOne.accept(deferredGeneration);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(10_000);
    }
}
