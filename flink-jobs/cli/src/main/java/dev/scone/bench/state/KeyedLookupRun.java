package dev.scone.bench.state;

import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.ServiceMetrics;
import dev.scone.flink.service.matching.FgramMatch;
import dev.scone.flink.service.matching.PositionLookup;
import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.model.files.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.View;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One run of the state benchmark: the service's own {@link FgramMatch} operator on a local
 * MiniCluster at parallelism 1, fed a synthetic table through its changelog input and then a
 * bounded stream of lookups, on one state backend.
 *
 * <ol>
 *   <li>The table's entries go in as {@link TableUpdate} records; the driver waits until the
 *       operator's {@code tableUpdatesApplied} metric counts all of them.
 *   <li>On RocksDB, a native savepoint flushes the memtables, and the SST files in the operator's
 *       local directory give the table's size on disk.
 *   <li>The lookups, held back by a {@link PhaseGate} until then, go through in phases (warm-up,
 *       uniform, Zipf, one closing lookup); {@link MatchTimer}, chained to the operator, times the
 *       measured phases. Where RocksDB's block-cache statistics are read, the driver pauses the
 *       stream after each phase until RocksDB's metrics have caught up.
 *   <li>The job ends with its last lookup; the timer's accumulators and the answers' match lengths
 *       are checked against what the workload says they must be.
 * </ol>
 *
 * Every wait is bounded by the run's time limit.
 */
public final class KeyedLookupRun {

    /** Name of the match operator, which its task's name carries. */
    static final String MATCH_OPERATOR = "Longest f-gram match (keyed table)";

    private static final int PREFERRED_PORT = 18_500;
    private static final int MAX_PARALLELISM = 128;
    private static final Duration METRIC_FETCH_INTERVAL = Duration.ofMillis(300);
    // RocksDB's tickers as Flink's metric query service names them: "rocksdb.block_cache_hit" with
    // the dot, which it does not allow in a metric name, replaced.
    private static final String BLOCK_CACHE_HIT = "rocksdb_block_cache_hit";
    private static final String BLOCK_CACHE_MISS = "rocksdb_block_cache_miss";

    private final StateWorkload workload;
    private final Path work;
    private final Duration limit;
    private final Consumer<String> log;

    /**
     * @param workload the table and the lookups
     * @param work an empty directory for RocksDB's files, the savepoint and the gates
     * @param limit the longest any one wait may take
     * @param log where progress lines go
     */
    public KeyedLookupRun(StateWorkload workload, Path work, Duration limit, Consumer<String> log) {
        this.workload = workload;
        this.work = work;
        this.limit = limit;
        this.log = log;
    }

    /**
     * Runs the operator on {@code backend} and measures it.
     *
     * @param blockCacheBytes RocksDB's block cache per column family; ignored in memory
     * @param blockCacheStatistics whether to read RocksDB's block-cache hits and misses per phase
     *     (the pauses this needs add about 6 s per phase)
     */
    public StateRun run(
            StateBackendCase backend, long blockCacheBytes, boolean blockCacheStatistics)
            throws Exception {
        boolean statistics = blockCacheStatistics && backend.isRocksDb();
        Path rocksDbDirectory = Files.createDirectories(work.resolve("rocksdb"));
        PhaseGate gate =
                new PhaseGate(
                        Files.createDirectories(work.resolve("gates")), gateBoundaries(), limit);

        StreamExecutionEnvironment env =
                InProcessCluster.create(
                        flinkConfiguration(backend, blockCacheBytes, rocksDbDirectory, statistics),
                        1,
                        PREFERRED_PORT);
        env.setParallelism(1);
        env.setMaxParallelism(MAX_PARALLELISM);
        defineJob(env, gate);

        long submitted = System.nanoTime();
        JobClient job = env.executeAsync("SCONE state benchmark, " + backend.parameter());
        boolean finished = false;
        try {
            ServiceMetrics metrics =
                    new ServiceMetrics(
                            InProcessCluster.restAddress(env), job.getJobID().toHexString());
            await(
                    job,
                    metrics,
                    MetricNames.TABLE_UPDATES_APPLIED,
                    workload.entries(),
                    "table entries applied to keyed state");
            double loadSeconds = (System.nanoTime() - submitted) / 1e9;
            log.accept(
                    String.format(
                            Locale.ROOT,
                            "  %s: %,d entries loaded in %.1f s",
                            backend.parameter(),
                            workload.entries(),
                            loadSeconds));

            long sstBytes = -1;
            if (backend.isRocksDb()) {
                sstBytes = flushedSstBytes(job, rocksDbDirectory);
                log.accept(
                        String.format(
                                Locale.ROOT,
                                "  %s: %,d bytes of SST files after a flush",
                                backend.parameter(),
                                sstBytes));
            }
            Map<StateWorkload.Phase, Double> hitRates =
                    releaseLookups(job, metrics, gate, statistics);

            JobExecutionResult result =
                    job.getJobExecutionResult().get(limit.toSeconds(), TimeUnit.SECONDS);
            finished = true;
            Map<StateWorkload.Phase, PhaseResult> measured =
                    new EnumMap<>(StateWorkload.Phase.class);
            for (StateWorkload.Phase phase : StateWorkload.Phase.values()) {
                if (phase.measured()) {
                    measured.put(
                            phase,
                            phaseResult(result, phase, hitRates.getOrDefault(phase, Double.NaN)));
                }
            }
            return new StateRun(backend, blockCacheBytes, sstBytes, loadSeconds, measured);
        } finally {
            if (!finished) {
                cancelQuietly(job);
            }
        }
    }

    private Configuration flinkConfiguration(
            StateBackendCase backend,
            long blockCacheBytes,
            Path rocksDbDirectory,
            boolean statistics) {
        Configuration flink = new Configuration();
        flink.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, METRIC_FETCH_INTERVAL);
        // Every record type has a Flink serializer of its own, as in the service.
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                work.resolve("checkpoints").toUri().toString());
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        backend.configure(flink, blockCacheBytes, rocksDbDirectory, statistics);
        return flink;
    }

    /** The first lookup of each phase, where the source waits for the phase's gate. */
    private long[] gateBoundaries() {
        StateWorkload.Phase[] phases = StateWorkload.Phase.values();
        long[] boundaries = new long[phases.length];
        for (int k = 0; k < phases.length; k++) {
            boundaries[k] = workload.phaseStart(phases[k]);
        }
        return boundaries;
    }

    /**
     * Bytes of RocksDB's SST files once a native savepoint has flushed the memtables into them, so
     * that they hold the whole table.
     */
    private long flushedSstBytes(JobClient job, Path rocksDbDirectory) throws Exception {
        Path savepoint = work.resolve("savepoint");
        job.triggerSavepoint(savepoint.toUri().toString(), SavepointFormatType.NATIVE)
                .get(limit.toSeconds(), TimeUnit.SECONDS);
        long bytes = sstBytes(rocksDbDirectory);
        Directories.deleteRecursively(savepoint);
        return bytes;
    }

    /**
     * Opens the gates of every phase in turn. With statistics, waits after each phase until it is
     * answered and RocksDB's block-cache counters have caught up, and returns each measured phase's
     * block-cache hit rate; without, opens them all at once and returns no rates.
     */
    private Map<StateWorkload.Phase, Double> releaseLookups(
            JobClient job, ServiceMetrics metrics, PhaseGate gate, boolean statistics)
            throws Exception {
        StateWorkload.Phase[] phases = StateWorkload.Phase.values();
        Map<StateWorkload.Phase, Double> hitRates = new EnumMap<>(StateWorkload.Phase.class);
        if (!statistics) {
            for (int k = 0; k < phases.length; k++) {
                gate.open(k);
            }
            return hitRates;
        }
        long[] before = null;
        for (int k = 0; k < phases.length; k++) {
            gate.open(k);
            StateWorkload.Phase phase = phases[k];
            if (phase == StateWorkload.Phase.CLOSING) {
                break;
            }
            await(
                    job,
                    metrics,
                    MetricNames.FGRAM_LOOKUPS,
                    workload.phaseEnd(phase),
                    "lookups answered");
            long[] after = blockCacheCounters(metrics);
            if (phase.measured()) {
                long hits = after[0] - before[0];
                long misses = after[1] - before[1];
                hitRates.put(
                        phase, hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses));
            }
            before = after;
        }
        return hitRates;
    }

    private void defineJob(StreamExecutionEnvironment env, PhaseGate gate) {
        DataStream<TableUpdate> updates =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        new TableEntries(),
                                        workload.entries(),
                                        Types.POJO(TableUpdate.class)),
                                WatermarkStrategy.noWatermarks(),
                                "Synthetic table changelog")
                        .uid("table-changelog");
        DataStream<PositionLookup> lookups =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        new Lookups(workload),
                                        workload.totalLookups(),
                                        gate,
                                        Types.POJO(PositionLookup.class)),
                                WatermarkStrategy.noWatermarks(),
                                "Synthetic lookups")
                        .uid("lookups");
        lookups.keyBy(new LookupBigram())
                .connect(updates.keyBy(new UpdateBigram()))
                .process(new FgramMatch())
                .uid("fgram-match")
                .name(MATCH_OPERATOR)
                .flatMap(new MatchTimer(workload, MATCH_OPERATOR))
                .uid("match-timer")
                .name("Match timer")
                .sinkTo(new DiscardingSink<>())
                .name("Discard");
    }

    /**
     * Waits until the operator metric {@code metric} reaches {@code target}, polling every 200 ms.
     *
     * @throws IllegalStateException when the job ended first (with its failure as the cause), or
     *     when the run's time limit passed
     */
    private void await(
            JobClient job, ServiceMetrics metrics, String metric, long target, String what)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long reached = metrics.sum(metric);
        while (reached < target) {
            if (job.getJobStatus()
                    .get(limit.toSeconds(), TimeUnit.SECONDS)
                    .isGloballyTerminalState()) {
                try {
                    job.getJobExecutionResult().get(limit.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException failure) {
                    throw new IllegalStateException(
                            "The state benchmark's job failed with " + reached + " " + what + ".",
                            failure.getCause());
                }
                throw new IllegalStateException(
                        "The state benchmark's job ended with " + reached + " " + what + ".");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        String.format(
                                Locale.ROOT,
                                "The state benchmark's job reached %,d of %,d %s in %d s.",
                                reached,
                                target,
                                what,
                                limit.toSeconds()));
            }
            Thread.sleep(200);
            reached = metrics.sum(metric);
        }
    }

    /**
     * RocksDB's block-cache hits and misses so far. RocksDB's native metrics are views that Flink
     * refreshes every few seconds, so the stream has been paused for longer than that first.
     */
    private static long[] blockCacheCounters(ServiceMetrics metrics) throws Exception {
        Thread.sleep(
                TimeUnit.SECONDS.toMillis(View.UPDATE_INTERVAL_SECONDS)
                        + 2 * METRIC_FETCH_INTERVAL.toMillis());
        return new long[] {metrics.sum(BLOCK_CACHE_HIT), metrics.sum(BLOCK_CACHE_MISS)};
    }

    private PhaseResult phaseResult(
            JobExecutionResult result, StateWorkload.Phase phase, double blockCacheHitRate) {
        long[] lengths = new long[StateWorkload.PHRASE_LENGTH + 1];
        for (int length = 0; length < lengths.length; length++) {
            Long count = result.getAccumulatorResult(MatchTimer.lengthCountName(phase, length));
            lengths[length] = count == null ? 0 : count;
        }
        long[] expected = new LookupStream(workload).expectedLengths(phase);
        if (!Arrays.equals(lengths, expected)) {
            throw new IllegalStateException(
                    "The match operator's answers in the "
                            + phase.label()
                            + " phase have match lengths 0..5 "
                            + Arrays.toString(lengths)
                            + ", but the table holds "
                            + Arrays.toString(expected)
                            + ".");
        }
        return PhaseResult.fromStamps(
                workload.stampIndices(phase),
                stamps(result, MatchTimer.wallStampsName(phase)),
                stamps(result, MatchTimer.cpuStampsName(phase)),
                lengths,
                blockCacheHitRate);
    }

    private static long[] stamps(JobExecutionResult result, String name) {
        List<Long> values = result.getAccumulatorResult(name);
        return values == null ? new long[0] : values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Bytes of the SST files of every RocksDB instance under {@code directory}. */
    static long sstBytes(Path directory) throws IOException {
        // Only the live databases: a snapshot's directory holds hard links to the same files.
        try (Stream<Path> files = Files.walk(directory)) {
            long bytes = 0;
            for (Path file :
                    files.filter(
                                    path ->
                                            path.getFileName().toString().endsWith(".sst")
                                                    && path.getParent() != null
                                                    && path.getParent()
                                                            .getFileName()
                                                            .toString()
                                                            .equals("db"))
                            .toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        }
    }

    private static void cancelQuietly(JobClient job) {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception alreadyOver) {
            // The job failed or finished on its own; its error, if any, is already on its way up.
        }
    }

    private static final class TableEntries implements GeneratorFunction<Long, TableUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public TableUpdate map(Long entry) {
            return StateWorkload.update(entry);
        }
    }

    private static final class Lookups implements GeneratorFunction<Long, PositionLookup> {
        private static final long serialVersionUID = 1L;

        private final StateWorkload workload;
        private transient LookupStream stream;

        Lookups(StateWorkload workload) {
            this.workload = workload;
        }

        @Override
        public void open(SourceReaderContext context) {
            stream = new LookupStream(workload);
        }

        @Override
        public PositionLookup map(Long index) {
            return stream.lookup(index);
        }
    }

    private static final class LookupBigram implements KeySelector<PositionLookup, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(PositionLookup lookup) {
            return lookup.bigram();
        }
    }

    private static final class UpdateBigram implements KeySelector<TableUpdate, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(TableUpdate update) {
            return update.bigram();
        }
    }
}
