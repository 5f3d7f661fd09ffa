package dev.scone.flink.discovery;

import dev.scone.model.table.Bf16;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Embeds admitted n-grams with the model's A_F, in batches: events wait until {@code
 * --embed-batch-size} of them are buffered or the oldest has waited {@code --embed-max-wait}, then
 * one forward pass embeds every admission among them and all leave in arrival order (a heat report
 * never overtakes its f-gram's admission).
 *
 * <p>The buffer is emptied before every checkpoint barrier is passed on ({@link
 * #prepareSnapshotPreBarrier}), so it is never part of a checkpoint: after a failover the counter's
 * restored state re-admits whatever had not been written. The model is loaded once per subtask in
 * {@link #open} and closed in {@link #close}; only the task thread calls it.
 */
public class FgramEmbedder extends AbstractStreamOperator<DiscoveryEvent>
        implements OneInputStreamOperator<DiscoveryEvent, DiscoveryEvent>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final EmbeddingSettings settings;
    private final FgramEmbeddingModelFactory models;
    private transient FgramEmbeddingModel model;
    private transient List<DiscoveryEvent> buffer;
    private transient boolean flushScheduled;
    private transient Histogram batchLatency;
    private transient Counter batches;

    public FgramEmbedder(EmbeddingSettings settings, FgramEmbeddingModelFactory models) {
        this.settings = settings;
        this.models = models;
    }

    @Override
    public void open() throws Exception {
        super.open();
        model = models.open();
        buffer = new ArrayList<>();
        batchLatency =
                getMetricGroup()
                        .histogram(
                                DiscoveryMetricNames.EMBEDDING_BATCH_LATENCY_MS,
                                new DescriptiveStatisticsHistogram(1_000));
        batches = getMetricGroup().counter(DiscoveryMetricNames.EMBEDDING_BATCHES);
    }

    @Override
    public void processElement(StreamRecord<DiscoveryEvent> element) {
        buffer.add(element.getValue());
        if (buffer.size() >= settings.batchSize()) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            long due =
                    getProcessingTimeService().getCurrentProcessingTime()
                            + settings.maxWait().toMillis();
            getProcessingTimeService().registerTimer(due, time -> flush());
        }
    }

    /** Embeds the buffered admissions in one forward pass and sends every buffered event on. */
    void flush() {
        flushScheduled = false;
        if (buffer.isEmpty()) {
            return;
        }
        List<DiscoveryEvent> admissions = new ArrayList<>();
        for (DiscoveryEvent event : buffer) {
            if (event.isAdmission()) {
                admissions.add(event);
            }
        }
        if (!admissions.isEmpty()) {
            int[][] grams = new int[admissions.size()][];
            for (int i = 0; i < grams.length; i++) {
                grams[i] = admissions.get(i).tokens;
            }
            long start = System.nanoTime();
            float[][] vectors = model.embed(grams);
            batchLatency.update((System.nanoTime() - start) / 1_000_000);
            batches.inc();
            for (int i = 0; i < grams.length; i++) {
                admissions.get(i).vector = Bf16.encodeFloats(vectors[i]);
            }
        }
        for (DiscoveryEvent event : buffer) {
            output.collect(new StreamRecord<>(event));
        }
        buffer.clear();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void close() throws Exception {
        try {
            if (model != null) {
                model.close();
            }
        } finally {
            super.close();
        }
    }
}
