package dev.scone.bench;

import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code scone bench table}: lookups per second and bytes per entry of the f-gram table stores at
 * 10M entries and d = 64 (1M with {@code --quick}): in memory, and RocksDB with the whole table or
 * a tenth of it in the block cache, under uniform and Zipf-skewed access.
 */
public final class TableSuite extends JmhSuite {

    static final int FULL_ENTRIES = 10_000_000;
    static final int QUICK_ENTRIES = 1_000_000;

    public TableSuite() {
        super("table");
    }

    @Override
    public SuiteResult run(BenchContext context) throws Exception {
        int entries = context.quick() ? QUICK_ENTRIES : FULL_ENTRIES;
        TableWorkload workload = new TableWorkload(entries);
        Path directory = context.benchDirectory();
        Path tableFile = workload.ensureTableFile(directory, context.progress());
        Path database = workload.ensureRocksDb(directory, context.progress());
        double inMemoryBytesPerEntry = inMemoryBytesPerEntry(tableFile, context);
        long sstBytes = TableWorkload.sstBytes(database);

        List<RunResult> results =
                JmhLauncher.run(
                        context,
                        TableBenchmark.class,
                        "6g",
                        Map.of(
                                "benchDirectory",
                                directory.toString(),
                                "entries",
                                Integer.toString(entries)));

        ResultTable table =
                new ResultTable(
                        "Store",
                        "Access",
                        "M lookups/s",
                        "M lookups per CPU-s",
                        "ns/lookup (CPU)",
                        "CPU rate vs in-memory",
                        "bytes/entry",
                        "block cache");
        List<String> findings = new ArrayList<>();
        for (TableWorkload.Access access : TableWorkload.Access.values()) {
            Measurement inMemory =
                    Measurement.ofCpuTime(
                            run(results, TableWorkload.Store.IN_MEMORY, access), 1e-6);
            for (TableWorkload.Store store : TableWorkload.Store.values()) {
                RunResult run = run(results, store, access);
                Measurement cpu = Measurement.ofCpuTime(run, 1e-6);
                Measurement relative = cpu.ratioTo(inMemory);
                table.row(
                        store.parameter(),
                        access.parameter(),
                        Measurement.of(run, 1e-6).format(3),
                        cpu.format(3),
                        String.format(Locale.ROOT, "%.0f", 1e3 / cpu.mean()),
                        store == TableWorkload.Store.IN_MEMORY ? "1" : relative.format(3),
                        String.format(
                                Locale.ROOT,
                                "%.0f",
                                store == TableWorkload.Store.IN_MEMORY
                                        ? inMemoryBytesPerEntry
                                        : (double) sstBytes / entries),
                        store == TableWorkload.Store.IN_MEMORY
                                ? "-"
                                : mebibytes(store.blockCacheBytes(sstBytes)));
                if (store != TableWorkload.Store.IN_MEMORY) {
                    findings.add(
                            String.format(
                                    Locale.ROOT,
                                    "%s, %s access: %s× the in-memory lookup rate per CPU second.",
                                    store.parameter(),
                                    access.parameter(),
                                    relative.format(3)));
                }
            }
        }
        return new SuiteResult(
                "F-gram table lookups",
                String.format(
                        Locale.ROOT,
                        "One thread looks up %,d f-grams of a %,d-entry table (d = %d, bf16) in a"
                                + " cycle, each lookup copying its vector out as floats, as the"
                                + " decoder does for a matched position. Keys are synthetic"
                                + " 2..5-grams scattered over the key space; access is uniform"
                                + " over the rows, or Zipf (s = %.1f) over them. in-memory is"
                                + " InMemoryFgramTable (dense matrix + open-addressing index);"
                                + " rocksdb-* is RocksDbFgramTable on local disk, compacted, read"
                                + " only, bloom filter 10 bits/key, with a block cache of 1.25×"
                                + " or 0.1× its SST bytes (%s).",
                        TableWorkload.LOOKUPS,
                        entries,
                        TableWorkload.DIMENSION,
                        TableWorkload.ZIPF_EXPONENT,
                        mebibytes(sstBytes)),
                table,
                findings,
                List.of(
                        "bytes/entry: heap of the in-memory table (matrix, index and row keys)"
                                + " over its entries; SST bytes on disk over entries for RocksDB.",
                        "A block-cache miss reads the block from the operating system's page"
                                + " cache whenever the machine has the RAM to keep the files"
                                + " there, as on a machine with spare memory: the small-cache case"
                                + " then measures RocksDB's own miss path (read, checksum,"
                                + " search), not disk latency."));
    }

    private static RunResult run(
            List<RunResult> results, TableWorkload.Store store, TableWorkload.Access access) {
        return JmhLauncher.find(
                results, "lookup", "store", store.parameter(), "access", access.parameter());
    }

    private static double inMemoryBytesPerEntry(Path tableFile, BenchContext context)
            throws Exception {
        double bytesPerEntry;
        try (InMemoryFgramTable table = FgramTableFile.load(tableFile, context.progress())) {
            bytesPerEntry = table.bytesPerEntry();
        }
        // The table is garbage now; hand its heap back before a fork with a large heap starts.
        System.gc();
        return bytesPerEntry;
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024.0 * 1024));
    }
}
