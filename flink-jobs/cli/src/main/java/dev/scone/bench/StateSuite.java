package dev.scone.bench;

import dev.scone.bench.state.KeyedLookupRun;
import dev.scone.bench.state.PhaseResult;
import dev.scone.bench.state.StateBackendCase;
import dev.scone.bench.state.StateRun;
import dev.scone.bench.state.StateWorkload;
import dev.scone.model.files.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code scone bench state}: keyed-state lookups per second of the service's match operator with
 * the table in the JVM heap, in RocksDB with a block cache that holds all of it, and in RocksDB
 * with a block cache a tenth of its size on disk, run one after the other on the same table and
 * lookups.
 *
 * <p>The small cache is sized from the SST bytes measured in the full-cache run, so the three runs
 * go in that order; the full cache is sized generously from an estimate, and checked against the
 * measurement before the small-cache run starts.
 */
public final class StateSuite implements BenchmarkSuite {

    /** 2M f-grams, 0.5M warm-up lookups, 1M lookups per measured phase. */
    static final StateWorkload FULL = new StateWorkload(500_000, 500_000, 1_000_000);

    /** 40k f-grams, a smoke test of the whole suite. */
    static final StateWorkload QUICK = new StateWorkload(10_000, 20_000, 50_000);

    /** Share of the table's SST bytes the small block cache holds. */
    static final double SMALL_CACHE_SHARE = 0.1;

    private static final long MIN_FULL_CACHE_BYTES = 64L << 20;
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final StateWorkload.Phase[] MEASURED = {
        StateWorkload.Phase.UNIFORM, StateWorkload.Phase.ZIPF
    };

    @Override
    public String name() {
        return "state";
    }

    @Override
    public String method(BenchContext context) {
        StateWorkload workload = workload(context);
        return String.format(
                Locale.ROOT,
                "One run per state backend in this JVM, each on a fresh MiniCluster at parallelism"
                        + " 1; %,d warm-up lookups, then %,d per phase; a rate is the mean ±"
                        + " 99.9%% confidence half-width over the phase's %d equal segments",
                workload.warmUpLookups(),
                workload.lookupsPerPhase(),
                StateWorkload.SEGMENTS);
    }

    private static StateWorkload workload(BenchContext context) {
        return context.quick() ? QUICK : FULL;
    }

    /**
     * Block cache of the full-cache run: twice the state's estimated size on disk, since an LRU
     * cache only takes the memory it fills.
     */
    static long fullCacheBytes(StateWorkload workload) {
        // Per entry: key group, bigram, namespace and prefix key (18 bytes), the bf16 vector and
        // its POJO framing, the table version string, and RocksDB's own overhead.
        long perEntry = 2L * StateWorkload.DIMENSION + 50 + StateWorkload.TABLE_VERSION.length();
        long perPhrase = 40;
        long estimate = workload.entries() * perEntry + workload.phrases() * perPhrase;
        return Math.max(MIN_FULL_CACHE_BYTES, 2 * estimate);
    }

    /** Block cache of the small-cache run: a tenth of the measured SST bytes. */
    static long smallCacheBytes(long sstBytes) {
        return Math.max(1, Math.round(sstBytes * SMALL_CACHE_SHARE));
    }

    @Override
    public SuiteResult run(BenchContext context) throws Exception {
        StateWorkload workload = workload(context);
        // RocksDB's statistics refresh every few seconds; pausing for them after each phase would
        // triple the quick mode's time, so only the full run reads them.
        boolean blockCacheStatistics = !context.quick();
        Consumer<String> log = context.log()::println;
        Path work = context.benchDirectory().resolve("state");

        Map<StateBackendCase, StateRun> runs = new EnumMap<>(StateBackendCase.class);
        long fullCache = fullCacheBytes(workload);
        runs.put(
                StateBackendCase.IN_MEMORY,
                runOnce(workload, work, log, StateBackendCase.IN_MEMORY, 0, false));
        runs.put(
                StateBackendCase.ROCKSDB_FULL_CACHE,
                runOnce(
                        workload,
                        work,
                        log,
                        StateBackendCase.ROCKSDB_FULL_CACHE,
                        fullCache,
                        blockCacheStatistics));
        long sstBytes = runs.get(StateBackendCase.ROCKSDB_FULL_CACHE).sstBytes();
        if (sstBytes <= 0 || sstBytes > fullCache) {
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "The table's SST files hold %,d bytes, which the full-cache run's"
                                    + " block cache of %,d bytes does not cover; raise its"
                                    + " estimate.",
                            sstBytes,
                            fullCache));
        }
        runs.put(
                StateBackendCase.ROCKSDB_SMALL_CACHE,
                runOnce(
                        workload,
                        work,
                        log,
                        StateBackendCase.ROCKSDB_SMALL_CACHE,
                        smallCacheBytes(sstBytes),
                        blockCacheStatistics));
        return report(workload, runs, blockCacheStatistics);
    }

    private static StateRun runOnce(
            StateWorkload workload,
            Path work,
            Consumer<String> log,
            StateBackendCase backend,
            long blockCacheBytes,
            boolean blockCacheStatistics)
            throws Exception {
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        log.accept("  " + backend.description() + " ...");
        try {
            return new KeyedLookupRun(workload, work, LIMIT, log)
                    .run(backend, blockCacheBytes, blockCacheStatistics);
        } finally {
            Directories.deleteRecursively(work);
            // The heap backend's table is garbage now; collect it before the next run measures.
            System.gc();
        }
    }

    static SuiteResult report(
            StateWorkload workload, Map<StateBackendCase, StateRun> runs, boolean statistics) {
        StateRun inMemory = runs.get(StateBackendCase.IN_MEMORY);
        StateRun full = runs.get(StateBackendCase.ROCKSDB_FULL_CACHE);
        StateRun small = runs.get(StateBackendCase.ROCKSDB_SMALL_CACHE);
        long sstBytes = full.sstBytes();

        ResultTable table =
                new ResultTable(
                        "State backend",
                        "Lookups",
                        "k lookups/s",
                        "k lookups per CPU-s",
                        "µs/lookup (CPU)",
                        "CPU rate vs in-memory",
                        "wall rate vs in-memory",
                        "block cache",
                        "block-cache hits");
        List<String> findings = new ArrayList<>();
        for (StateWorkload.Phase phase : MEASURED) {
            PhaseResult baseline = inMemory.phase(phase);
            for (StateBackendCase backend : StateBackendCase.values()) {
                StateRun run = runs.get(backend);
                PhaseResult result = run.phase(phase);
                Measurement wall = result.wallRate();
                Measurement cpu = result.cpuRate();
                boolean isBaseline = backend == StateBackendCase.IN_MEMORY;
                Measurement cpuRatio = cpu.ratioTo(baseline.cpuRate());
                Measurement wallRatio = wall.ratioTo(baseline.wallRate());
                table.row(
                        backend.parameter(),
                        phase.label(),
                        scaled(wall, 1e-3).format(1),
                        scaled(cpu, 1e-3).format(1),
                        String.format(Locale.ROOT, "%.2f", 1e6 / cpu.mean()),
                        isBaseline ? "1" : cpuRatio.format(3),
                        isBaseline ? "1" : wallRatio.format(3),
                        backend.isRocksDb() ? mebibytes(run.blockCacheBytes()) : "-",
                        Double.isNaN(result.blockCacheHitRate())
                                ? "-"
                                : String.format(
                                        Locale.ROOT, "%.1f%%", 100 * result.blockCacheHitRate()));
                if (!isBaseline) {
                    findings.add(
                            String.format(
                                    Locale.ROOT,
                                    "%s, %s lookups: %s× the in-memory rate per CPU second"
                                            + " (wall clock: %s×).",
                                    backend.description(),
                                    phase.label(),
                                    cpuRatio.format(3),
                                    wallRatio.format(3)));
                }
            }
            Measurement smallVsFull =
                    small.phase(phase).cpuRate().ratioTo(full.phase(phase).cpuRate());
            findings.add(
                    String.format(
                            Locale.ROOT,
                            "A block cache of a tenth of the table against one that holds all of"
                                    + " it, %s lookups: %s× the rate per CPU second.",
                            phase.label(),
                            smallVsFull.format(3)));
        }

        String summary =
                String.format(
                        Locale.ROOT,
                        "The service's keyed match operator (FgramMatch) on a Flink MiniCluster at"
                                + " parallelism 1, run three times in one invocation on the same"
                                + " synthetic table and the same lookups: with HashMapStateBackend"
                                + " (the table on the JVM heap), and with EmbeddedRocksDBStateBackend"
                                + " (state.backend.rocksdb.memory.managed: false; bloom filters on, as in the service) whose block cache"
                                + " of %s holds the whole table, or whose block cache of %s is a"
                                + " tenth of the table's %s of SST files. The table is"
                                + " suffix-closed: %,d phrases of 5 tokens, each with its suffixes"
                                + " of length 2 to 5, %,d f-grams (d = %d, bf16), loaded through"
                                + " the operator's changelog input. Each lookup carries 5 tokens;"
                                + " one in five ends with a bigram that is no f-gram (one state"
                                + " read), the others end with exactly the last 2, 3, 4 or 5 tokens"
                                + " of a phrase, picked uniformly or Zipf-distributed (s = %.1f)"
                                + " over the phrases.",
                        mebibytes(full.blockCacheBytes()),
                        mebibytes(small.blockCacheBytes()),
                        mebibytes(sstBytes),
                        workload.phrases(),
                        workload.entries(),
                        StateWorkload.DIMENSION,
                        StateWorkload.ZIPF_EXPONENT);

        List<String> notes = new ArrayList<>();
        notes.add(
                String.format(
                        Locale.ROOT,
                        "Table: %,d entries; %,d bytes of SST files after loading and flushing (%.0f"
                                + " bytes per entry, both keyed states); block cache per column"
                                + " family (each keyed state has its own): %,d bytes with the"
                                + " table in cache, %,d bytes (a tenth of the SST bytes) without.",
                        workload.entries(),
                        sstBytes,
                        (double) sstBytes / workload.entries(),
                        full.blockCacheBytes(),
                        small.blockCacheBytes()));
        notes.add(
                String.format(
                        Locale.ROOT,
                        "F-gram hit rate of the lookups: %.1f%% uniform, %.1f%% Zipf (every"
                                + " backend gave the match lengths the table implies for every"
                                + " lookup). Lookups per CPU second count the CPU time of the match"
                                + " operator's task thread from its first answer in a segment to"
                                + " its last, deserializing its input included; the lookup source"
                                + " runs on a thread of its own.",
                        100 * inMemory.phase(StateWorkload.Phase.UNIFORM).fgramHitRate(),
                        100 * inMemory.phase(StateWorkload.Phase.ZIPF).fgramHitRate()));
        notes.add(
                String.format(
                        Locale.ROOT,
                        "Loading the table (from job submission, start-up included): %.1f s in"
                                + " memory, %.1f s and %.1f s into RocksDB.",
                        inMemory.loadSeconds(),
                        full.loadSeconds(),
                        small.loadSeconds()));
        notes.add(
                statistics
                        ? "Block-cache hits: RocksDB's block_cache_hit / (hit + miss) tickers over"
                                + " the phase, data blocks of both keyed states (index and filter"
                                + " blocks stay outside the cache in this configuration); RocksDB's"
                                + " statistics were on in both RocksDB runs to count them."
                        : "Block-cache hits are not read with --quick: RocksDB's statistics"
                                + " refresh every 5 s, and waiting for them would triple the run.");
        notes.add(
                "A block-cache miss reads the block from the operating system's page cache when"
                        + " the machine has the memory to keep the SST files there, as here: the"
                        + " small-cache case measures RocksDB's own miss path (read, checksum,"
                        + " search), not disk latency.");
        return new SuiteResult(
                "Keyed-state lookups: in memory and RocksDB", summary, table, findings, notes);
    }

    private static Measurement scaled(Measurement measurement, double scale) {
        return new Measurement(measurement.mean() * scale, measurement.error() * scale);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024));
    }
}
