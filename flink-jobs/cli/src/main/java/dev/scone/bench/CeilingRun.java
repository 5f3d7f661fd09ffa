package dev.scone.bench;

import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.SconeServiceJob;
import dev.scone.flink.service.ServedModelInfo;
import dev.scone.flink.service.ServiceMetrics;
import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.flink.service.decoder.ModelSession;
import dev.scone.flink.service.decoder.ModelSessionFactory;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.table.FgramTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of the service job for {@code scone bench streaming-ceiling}: {@link
 * SconeServiceJob#defineWorkflow} on an in-process MiniCluster, fed from bounded in-memory sources,
 * with a decoder whose model does no work, so what is measured is the Flink part of the pipeline.
 *
 * <p>The table goes in first through the changelog input; the documents wait at a {@link
 * CeilingProbe.Gate} until the match operators have applied every entry, and the measured window
 * runs from opening the gate to the last result.
 */
final class CeilingRun {

    static final String MODEL_VERSION = "ceiling-model";
    static final String TABLE_VERSION = "ceiling-table";
    private static final int PARALLELISM = 2;
    private static final int CONTEXT_LENGTH = 1024;
    private static final int PREFERRED_PORT = 18_600;

    /** How the job is set up in one run. */
    enum Variant {
        SERVICE("as the service runs: 768 bf16 values per vector, heap state", 768),
        ONE_VALUE("vectors of 1 value instead of 768", 1),
        OBJECT_REUSE("object reuse on", 768),
        UNCHAINED("operator chaining off", 768),
        ROCKSDB("keyed state in RocksDB", 768);

        final String description;
        final int dimension;

        Variant(String description, int dimension) {
            this.description = description;
            this.dimension = dimension;
        }

        String parameter() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What one run measured. */
    record Outcome(
            Variant variant,
            long results,
            long tokens,
            long matchedPositions,
            double cpuSeconds,
            double wallSeconds) {

        double tokensPerCpuSecond() {
            return tokens / cpuSeconds;
        }
    }

    private final Path work;
    private final Duration limit;
    private int runs;

    CeilingRun(Path work, Duration limit) {
        this.work = work;
        this.limit = limit;
    }

    Outcome run(
            Variant variant, List<RawRecord> documents, CeilingWorkload.ChangelogRecords changelog)
            throws Exception {
        String name = "ceiling-" + variant.parameter() + "-" + runs++;
        Configuration flink = new Configuration();
        flink.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(200));
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(PipelineOptions.OBJECT_REUSE, variant == Variant.OBJECT_REUSE);
        flink.set(PipelineOptions.OPERATOR_CHAINING, variant != Variant.UNCHAINED);
        if (variant == Variant.ROCKSDB) {
            flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            flink.setString("state.backend.rocksdb.localdir", work.resolve(name).toString());
        } else {
            flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        }
        StreamExecutionEnvironment env =
                InProcessCluster.create(flink, PARALLELISM, PREFERRED_PORT);
        env.setParallelism(PARALLELISM);

        CeilingProbe probe = CeilingProbe.register(name, documents.size());
        JobClient job = null;
        try {
            // The changelog is made in the source, row by row: the job graph carries the f-grams'
            // tokens, not the table's vectors.
            DataStream<RawRecord> table =
                    env.fromSource(
                            new DataGeneratorSource<>(
                                    changelog,
                                    changelog.size(),
                                    TypeInformation.of(RawRecord.class)),
                            WatermarkStrategy.noWatermarks(),
                            "table changelog");
            DataStream<RawRecord> gated =
                    env.fromData(documents)
                            .name("documents")
                            .map(new CeilingProbe.Gate(name, limit))
                            .name("documents after the table");
            SconeServiceJob.Outputs outputs =
                    SconeServiceJob.defineWorkflow(
                            ServiceSettings.defaults(),
                            new ServedModelInfo(
                                    variant.dimension,
                                    CeilingWorkload.MAX_FGRAM_LENGTH,
                                    CONTEXT_LENGTH,
                                    MODEL_VERSION),
                            gated,
                            table,
                            new IdleModel(),
                            subtask -> null);
            outputs.results().sinkTo(new CeilingProbe.Counting(name)).name("count results");
            outputs.deadLetters()
                    .sinkTo(new CeilingProbe.DeadLetterCounting(name))
                    .name("count dead letters");
            job = env.executeAsync("SCONE streaming ceiling, " + variant.parameter());
            ServiceMetrics metrics =
                    new ServiceMetrics(
                            InProcessCluster.restAddress(env), job.getJobID().toHexString());
            long deadline = System.nanoTime() + limit.toNanos();
            while (metrics.sum(MetricNames.TABLE_UPDATES_APPLIED) < changelog.size()) {
                if (job.getJobExecutionResult().isDone()) {
                    // The job ended early: its result carries the failure.
                    job.getJobExecutionResult().get();
                    throw new IllegalStateException("The job ended before the table was loaded.");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "The table's "
                                    + changelog.size()
                                    + " entries were not applied in time.");
                }
                Thread.sleep(100);
            }
            probe.open();
            if (!probe.awaitLastResult(limit)) {
                throw new IllegalStateException(
                        "Only "
                                + probe.results()
                                + " of "
                                + documents.size()
                                + " results arrived in time; "
                                + probe.deadLetters()
                                + " dead letters, the first: "
                                + probe.firstDeadLetter());
            }
            job.getJobExecutionResult().get(limit.toSeconds(), TimeUnit.SECONDS);
            job = null;
            return new Outcome(
                    variant,
                    probe.results(),
                    probe.tokens(),
                    probe.matchedPositions(),
                    probe.cpuSeconds(),
                    probe.wallSeconds());
        } finally {
            probe.unregister();
            if (job != null && !job.getJobExecutionResult().isDone()) {
                job.cancel().get(limit.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A model that does no work: every document gets the same score and no per-token output, so the
     * decoder costs only its batching and the result it builds.
     */
    static final class IdleModel implements ModelSessionFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ModelSession open(int subtaskIndex) {
            return new ModelSession() {
                @Override
                public String modelVersion() {
                    return MODEL_VERSION;
                }

                @Override
                public List<ScoredDocument> score(List<AssembledDocument> batch) {
                    List<ScoredDocument> outputs = new ArrayList<>(batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        outputs.add(new ScoredDocument(new float[0], -1.0, 0, 0.0));
                    }
                    return outputs;
                }

                @Override
                public GenerateOutput generate(AssembledDocument prompt, FgramTable replica) {
                    throw new UnsupportedOperationException(
                            "The streaming-ceiling benchmark sends score requests only.");
                }

                @Override
                public void close() {}
            };
        }
    }
}
