package dev.scone.bench;

import dev.scone.model.table.FgramTable;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.RocksDbFgramTable;
import dev.scone.model.table.RocksDbTableOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single-threaded f-gram table lookups per second, each copying one vector out as floats (what the
 * decoder does per matched position), for every combination of {@link TableWorkload.Store} and
 * {@link TableWorkload.Access}. The table and database are prepared by the report before the fork
 * starts; a full block cache is filled by one scan of the table during setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TableBenchmark {

    /** Lookups per benchmark operation. */
    static final int BATCH = 1024;

    /** Where {@link TableWorkload} keeps its files. */
    @Param("")
    public String benchDirectory;

    @Param("10000000")
    public int entries;

    @Param({"in-memory", "rocksdb-full-cache", "rocksdb-small-cache"})
    public String store;

    @Param({"uniform", "zipf"})
    public String access;

    private FgramTable table;
    private final int[] lookupTokens = new int[TableWorkload.LOOKUPS * 5];
    private final int[] lookupLengths = new int[TableWorkload.LOOKUPS];
    private final float[] vector = new float[TableWorkload.DIMENSION];
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        TableWorkload workload = new TableWorkload(entries);
        Path directory = Path.of(benchDirectory);
        TableWorkload.Store kind = TableWorkload.Store.ofParameter(store);
        if (kind == TableWorkload.Store.IN_MEMORY) {
            table = FgramTableFile.load(workload.tableFile(directory));
        } else {
            Path database = workload.rocksDbDirectory(directory);
            RocksDbTableOptions options =
                    RocksDbTableOptions.DEFAULTS
                            .withBlockCacheBytes(
                                    kind.blockCacheBytes(TableWorkload.sstBytes(database)))
                            .withReadOnly(true);
            table = RocksDbFgramTable.open(database, options);
            if (kind == TableWorkload.Store.ROCKSDB_FULL_CACHE) {
                table.forEach((gram, bf16) -> {});
            }
        }
        workload.lookups(TableWorkload.Access.ofParameter(access), lookupTokens, lookupLengths);
    }

    @TearDown(Level.Trial)
    public void close() {
        table.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[] lookup(CpuTime cpu) {
        cpu.add(BATCH);
        for (int k = 0; k < BATCH; k++) {
            int i = next;
            next = (next + 1) & (TableWorkload.LOOKUPS - 1);
            if (!table.lookup(lookupTokens, i * 5, lookupLengths[i], vector, 0)) {
                throw new IllegalStateException(
                        "The benchmark table lacks the f-gram "
                                + Arrays.toString(
                                        Arrays.copyOfRange(
                                                lookupTokens, i * 5, i * 5 + lookupLengths[i]))
                                + "; delete "
                                + benchDirectory
                                + " and run again.");
            }
        }
        return vector;
    }
}
