package dev.scone.bench.state;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

/** Where the match operator's keyed state lives in one run of the state benchmark. */
public enum StateBackendCase {
    /** HashMapStateBackend: the table as Java objects on the JVM heap. */
    IN_MEMORY("in memory (HashMapStateBackend)"),
    /** EmbeddedRocksDBStateBackend with a block cache larger than the table's SST files. */
    ROCKSDB_FULL_CACHE("RocksDB, table fits in block cache"),
    /** EmbeddedRocksDBStateBackend with a block cache a tenth of the table's SST files. */
    ROCKSDB_SMALL_CACHE("RocksDB, block cache 1/10 of the table");

    private final String description;

    StateBackendCase(String description) {
        this.description = description;
    }

    /** Short name for tables and logs. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What the case is, in words. */
    public String description() {
        return description;
    }

    /** Whether the state lives in RocksDB. */
    public boolean isRocksDb() {
        return this != IN_MEMORY;
    }

    /**
     * Sets this case's state backend on {@code flink}.
     *
     * @param blockCacheBytes the RocksDB block cache of each column family (each keyed state has
     *     its own); ignored in memory
     * @param localDirectory where RocksDB keeps its files, so their size can be measured
     * @param blockCacheStatistics whether RocksDB counts block-cache hits and misses (statistics
     *     cost a little on every read)
     */
    public void configure(
            Configuration flink,
            long blockCacheBytes,
            Path localDirectory,
            boolean blockCacheStatistics) {
        if (!isRocksDb()) {
            flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
            return;
        }
        flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        // Fixed caches: managed memory would size the cache from the slot's share instead.
        flink.set(RocksDBOptions.USE_MANAGED_MEMORY, false);
        flink.set(RocksDBConfigurableOptions.BLOCK_CACHE_SIZE, new MemorySize(blockCacheBytes));
        flink.set(RocksDBOptions.LOCAL_DIRECTORIES, localDirectory.toAbsolutePath().toString());
        // As the service runs it: a probe for a longer f-gram than the key holds skips the SST
        // files whose filter rules the key out.
        flink.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        if (blockCacheStatistics) {
            flink.set(RocksDBNativeMetricOptions.MONITOR_BLOCK_CACHE_HIT, true);
            flink.set(RocksDBNativeMetricOptions.MONITOR_BLOCK_CACHE_MISS, true);
        }
    }
}
