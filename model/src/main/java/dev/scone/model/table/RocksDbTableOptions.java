package dev.scone.model.table;

/**
 * How a {@link RocksDbFgramTable} opens its database.
 *
 * @param blockCacheBytes size of the LRU block cache; a cache much smaller than the table makes
 *     lookups go to disk, as for a table larger than RAM
 * @param bloomBitsPerKey bits per key of the bloom filter that lets a lookup of an absent f-gram
 *     skip disk reads; 0 for no filter
 * @param cacheIndexAndFilterBlocks whether index and filter blocks live in the block cache, in
 *     small partitions so that a small cache keeps the hot ones, and count against its size;
 *     otherwise each open file holds its whole index and filter in memory outside the cache
 * @param writeBufferBytes size of one memtable; larger ones make bulk loads faster
 * @param readOnly whether to open an existing table for lookups only
 */
public record RocksDbTableOptions(
        long blockCacheBytes,
        double bloomBitsPerKey,
        boolean cacheIndexAndFilterBlocks,
        long writeBufferBytes,
        boolean readOnly) {

    /** 64 MiB block cache, 10-bit bloom filter, index and filters in the cache, 64 MiB memtable. */
    public static final RocksDbTableOptions DEFAULTS =
            new RocksDbTableOptions(64L << 20, 10, true, 64L << 20, false);

    public RocksDbTableOptions {
        if (blockCacheBytes < 0) {
            throw new IllegalArgumentException(
                    "The block cache size cannot be negative: " + blockCacheBytes + ".");
        }
        if (bloomBitsPerKey < 0) {
            throw new IllegalArgumentException(
                    "Bloom filter bits per key cannot be negative: " + bloomBitsPerKey + ".");
        }
        if (writeBufferBytes < 1 << 16) {
            throw new IllegalArgumentException(
                    "The write buffer needs at least 64 KiB, not " + writeBufferBytes + " bytes.");
        }
    }

    /** These options with another block cache size. */
    public RocksDbTableOptions withBlockCacheBytes(long bytes) {
        return new RocksDbTableOptions(
                bytes, bloomBitsPerKey, cacheIndexAndFilterBlocks, writeBufferBytes, readOnly);
    }

    /** These options with another memtable size. */
    public RocksDbTableOptions withWriteBufferBytes(long bytes) {
        return new RocksDbTableOptions(
                blockCacheBytes, bloomBitsPerKey, cacheIndexAndFilterBlocks, bytes, readOnly);
    }

    /** These options, opening for lookups only or not. */
    public RocksDbTableOptions withReadOnly(boolean lookupsOnly) {
        return new RocksDbTableOptions(
                blockCacheBytes,
                bloomBitsPerKey,
                cacheIndexAndFilterBlocks,
                writeBufferBytes,
                lookupsOnly);
    }
}
