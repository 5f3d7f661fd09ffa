package dev.scone.model.table;

import dev.scone.model.fgram.FgramKey;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * An f-gram table in RocksDB on local disk, for tables larger than the heap; the paper keeps such
 * tables on NVMe. The key is the packed f-gram as 16 big-endian bytes ({@code lo}, then {@code hi},
 * see {@link FgramKey}); the value is the vector as little-endian bf16. Dimension, versions and the
 * exact entry count live in a separate metadata column family, so they survive a reopen and never
 * mix with f-gram keys.
 *
 * <p>Lookups from many threads run concurrently and reuse per-thread key and value buffers. Writes
 * are serialised; each single write goes through the write-ahead log, while a bulk load skips it
 * and flushes the memtables at the end instead. Closing while lookups still run is not allowed.
 */
public final class RocksDbFgramTable implements MutableFgramTable {

    static {
        RocksDB.loadLibrary();
    }

    private static final int LAYOUT_VERSION = 1;
    private static final byte[] METADATA_FAMILY = utf8("scone-table-metadata");
    private static final byte[] LAYOUT_VERSION_KEY = utf8("layout-version");
    private static final byte[] DIMENSION_KEY = utf8("dimension");
    private static final byte[] MODEL_VERSION_KEY = utf8("model-version");
    private static final byte[] TABLE_VERSION_KEY = utf8("table-version");
    private static final byte[] COUNT_KEY = utf8("count");
    private static final byte[] NO_BYTES = new byte[0];
    private static final long BULK_BATCH_BYTES = 8L << 20;
    private static final int AUTOMATIC_SHARD_BITS = -1;
    private static final double HIGH_PRIORITY_POOL_RATIO = 0.5;
    private static final long METADATA_BLOCK_BYTES = 4096;

    private final Path directory;
    private final boolean readOnly;
    private final Deque<AutoCloseable> resources;
    private final RocksDB db;
    private final ColumnFamilyHandle vectors;
    private final ColumnFamilyHandle metadata;
    private final ReadOptions readOptions;
    private final WriteOptions writeOptions;
    private final int dimension;
    private final String modelVersion;
    private final ThreadLocal<Buffers> buffers;
    private final Object writeLock = new Object();
    private volatile String version;
    private volatile long count;
    private volatile boolean closed;

    private record Metadata(int dimension, String modelVersion, String version, long count) {}

    private record Buffers(byte[] key, byte[] value) {}

    private RocksDbFgramTable(
            Path directory,
            boolean readOnly,
            Deque<AutoCloseable> resources,
            RocksDB db,
            ColumnFamilyHandle vectors,
            ColumnFamilyHandle metadata,
            ReadOptions readOptions,
            WriteOptions writeOptions,
            Metadata stored) {
        this.directory = directory;
        this.readOnly = readOnly;
        this.resources = resources;
        this.db = db;
        this.vectors = vectors;
        this.metadata = metadata;
        this.readOptions = readOptions;
        this.writeOptions = writeOptions;
        this.dimension = stored.dimension();
        this.modelVersion = stored.modelVersion();
        this.version = stored.version();
        this.count = stored.count();
        int valueBytes = dimension * Bf16.BYTES;
        this.buffers =
                ThreadLocal.withInitial(
                        () -> new Buffers(new byte[PackedKeys.BYTES], new byte[valueBytes]));
    }

    /**
     * Creates an empty table in {@code directory}, which must not hold a database yet.
     *
     * @throws IOException when the directory already holds a database or RocksDB cannot open it
     */
    public static RocksDbFgramTable create(
            Path directory,
            int dimension,
            String modelVersion,
            String version,
            RocksDbTableOptions options)
            throws IOException {
        if (dimension < 1) {
            throw new IllegalArgumentException(
                    "The dimension of a table must be positive, not " + dimension + ".");
        }
        if (options.readOnly()) {
            throw new IllegalArgumentException("A new table cannot be opened read-only.");
        }
        if (holdsDatabase(directory)) {
            throw new IOException(
                    "The directory " + directory + " already holds a RocksDB database.");
        }
        Files.createDirectories(directory);
        Metadata initial =
                new Metadata(
                        dimension,
                        Objects.requireNonNull(modelVersion, "modelVersion"),
                        Objects.requireNonNull(version, "version"),
                        0);
        return openDatabase(directory, options, initial);
    }

    /**
     * Opens the table in {@code directory}, read-only if the options say so.
     *
     * @throws IOException when there is no f-gram table there or RocksDB cannot open it
     */
    public static RocksDbFgramTable open(Path directory, RocksDbTableOptions options)
            throws IOException {
        if (!holdsDatabase(directory)) {
            throw new IOException("No RocksDB f-gram table exists at " + directory + ".");
        }
        return openDatabase(directory, options, null);
    }

    /**
     * Opens the table in {@code directory}, or creates an empty one (with an empty version) when
     * there is none, as a replica does when it restarts.
     *
     * @throws IOException when the existing table has another dimension or cannot be opened
     */
    public static RocksDbFgramTable openOrCreate(
            Path directory, int dimension, String modelVersion, RocksDbTableOptions options)
            throws IOException {
        if (!holdsDatabase(directory)) {
            return create(directory, dimension, modelVersion, "", options);
        }
        RocksDbFgramTable table = open(directory, options);
        if (table.dimension() != dimension) {
            table.close();
            throw new IOException(
                    "The f-gram table at "
                            + directory
                            + " has dimension "
                            + table.dimension()
                            + ", not "
                            + dimension
                            + ".");
        }
        return table;
    }

    private static boolean holdsDatabase(Path directory) {
        return Files.exists(directory.resolve("CURRENT"));
    }

    private static RocksDbFgramTable openDatabase(
            Path directory, RocksDbTableOptions options, Metadata initial) throws IOException {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        String path = directory.toString();
        try {
            if (initial == null && !hasMetadataFamily(path)) {
                throw new IOException(
                        "The RocksDB database at " + directory + " is not an f-gram table.");
            }
            BlockBasedTableConfig tableConfig = tableConfig(options, resources);
            ColumnFamilyOptions vectorOptions =
                    opened(resources, new ColumnFamilyOptions())
                            .setTableFormatConfig(tableConfig)
                            // bf16 vectors are nearly random bits; compression would only cost.
                            .setCompressionType(CompressionType.NO_COMPRESSION)
                            .setWriteBufferSize(options.writeBufferBytes());
            ColumnFamilyOptions metadataOptions = opened(resources, new ColumnFamilyOptions());
            DBOptions dbOptions =
                    opened(resources, new DBOptions())
                            .setCreateIfMissing(initial != null)
                            .setCreateMissingColumnFamilies(initial != null)
                            .setErrorIfExists(initial != null)
                            .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                            .setKeepLogFileNum(2);
            List<ColumnFamilyDescriptor> families =
                    List.of(
                            new ColumnFamilyDescriptor(
                                    RocksDB.DEFAULT_COLUMN_FAMILY, vectorOptions),
                            new ColumnFamilyDescriptor(METADATA_FAMILY, metadataOptions));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db =
                    options.readOnly()
                            ? RocksDB.openReadOnly(dbOptions, path, families, handles)
                            : RocksDB.open(dbOptions, path, families, handles);
            opened(resources, db);
            handles.forEach(handle -> opened(resources, handle));
            ReadOptions readOptions = opened(resources, new ReadOptions());
            WriteOptions writeOptions = opened(resources, new WriteOptions());
            ColumnFamilyHandle metadataHandle = handles.get(1);
            if (initial != null) {
                writeMetadata(db, metadataHandle, writeOptions, initial);
            }
            Metadata stored = readMetadata(db, metadataHandle, directory);
            return new RocksDbFgramTable(
                    directory,
                    options.readOnly(),
                    resources,
                    db,
                    handles.get(0),
                    metadataHandle,
                    readOptions,
                    writeOptions,
                    stored);
        } catch (RocksDBException e) {
            closeAll(resources);
            throw new IOException(
                    "Cannot open the RocksDB f-gram table at " + directory + ": " + e.getMessage(),
                    e);
        } catch (IOException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static boolean hasMetadataFamily(String path) throws RocksDBException {
        try (Options listing = new Options()) {
            return RocksDB.listColumnFamilies(listing, path).stream()
                    .anyMatch(name -> Arrays.equals(name, METADATA_FAMILY));
        }
    }

    private static BlockBasedTableConfig tableConfig(
            RocksDbTableOptions options, Deque<AutoCloseable> resources) {
        LRUCache cache =
                opened(
                        resources,
                        new LRUCache(
                                options.blockCacheBytes(),
                                AUTOMATIC_SHARD_BITS,
                                false,
                                HIGH_PRIORITY_POOL_RATIO));
        BlockBasedTableConfig config = new BlockBasedTableConfig().setBlockCache(cache);
        if (options.cacheIndexAndFilterBlocks()) {
            // A whole-file index or filter block outgrows a shard of a small cache and would be
            // evicted and read again on almost every lookup; partitions of a few KiB stay cached,
            // and the high-priority pool keeps data blocks from pushing them out.
            config.setCacheIndexAndFilterBlocks(true)
                    .setCacheIndexAndFilterBlocksWithHighPriority(true)
                    .setPinTopLevelIndexAndFilter(true)
                    .setPinL0FilterAndIndexBlocksInCache(true)
                    .setIndexType(IndexType.kTwoLevelIndexSearch)
                    .setPartitionFilters(true)
                    .setMetadataBlockSize(METADATA_BLOCK_BYTES);
        }
        if (options.bloomBitsPerKey() > 0) {
            config.setFilterPolicy(opened(resources, new BloomFilter(options.bloomBitsPerKey())));
        }
        return config;
    }

    private static <T extends AutoCloseable> T opened(Deque<AutoCloseable> resources, T resource) {
        resources.push(resource);
        return resource;
    }

    private static void writeMetadata(
            RocksDB db, ColumnFamilyHandle family, WriteOptions writeOptions, Metadata values)
            throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(family, LAYOUT_VERSION_KEY, intBytes(LAYOUT_VERSION));
            batch.put(family, DIMENSION_KEY, intBytes(values.dimension()));
            batch.put(family, MODEL_VERSION_KEY, utf8(values.modelVersion()));
            batch.put(family, TABLE_VERSION_KEY, utf8(values.version()));
            batch.put(family, COUNT_KEY, longBytes(values.count()));
            db.write(writeOptions, batch);
        }
    }

    private static Metadata readMetadata(RocksDB db, ColumnFamilyHandle family, Path directory)
            throws RocksDBException, IOException {
        byte[] layout = db.get(family, LAYOUT_VERSION_KEY);
        byte[] dimension = db.get(family, DIMENSION_KEY);
        byte[] modelVersion = db.get(family, MODEL_VERSION_KEY);
        byte[] version = db.get(family, TABLE_VERSION_KEY);
        byte[] count = db.get(family, COUNT_KEY);
        if (layout == null
                || dimension == null
                || modelVersion == null
                || version == null
                || count == null) {
            throw new IOException(
                    "The RocksDB database at " + directory + " lacks f-gram table metadata.");
        }
        int layoutVersion = ByteBuffer.wrap(layout).getInt();
        if (layoutVersion > LAYOUT_VERSION) {
            throw new IOException(
                    "The f-gram table at "
                            + directory
                            + " has layout version "
                            + layoutVersion
                            + ", newer than the version "
                            + LAYOUT_VERSION
                            + " this build reads.");
        }
        return new Metadata(
                ByteBuffer.wrap(dimension).getInt(),
                new String(modelVersion, StandardCharsets.UTF_8),
                new String(version, StandardCharsets.UTF_8),
                ByteBuffer.wrap(count).getLong());
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long size() {
        return count;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    /** The directory the database lives in. */
    public Path directory() {
        return directory;
    }

    /** Whether the table was opened for lookups only. */
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public boolean lookup(int[] tokens, int from, int length, float[] out, int outOffset) {
        Buffers found = fetch(tokens, from, length);
        if (found == null) {
            return false;
        }
        Bf16.decodeToFloat(found.value(), 0, out, outOffset, dimension);
        return true;
    }

    @Override
    public boolean lookupBf16(int[] tokens, int from, int length, short[] out, int outOffset) {
        Buffers found = fetch(tokens, from, length);
        if (found == null) {
            return false;
        }
        Bf16.decode(found.value(), 0, out, outOffset, dimension);
        return true;
    }

    @Override
    public boolean contains(int[] tokens, int from, int length) {
        if (!PackedKeys.isPackable(tokens, from, length)) {
            return false;
        }
        byte[] key = buffers.get().key();
        PackedKeys.write(tokens, from, length, key);
        return exists(key);
    }

    /** Passes the entries in key order, as of a snapshot taken when the iteration starts. */
    @Override
    public <E extends Exception> void forEach(FgramEntryConsumer<E> consumer) throws E {
        ensureOpen();
        try (RocksIterator entries = db.newIterator(vectors, readOptions)) {
            for (entries.seekToFirst(); entries.isValid(); entries.next()) {
                byte[] key = entries.key();
                byte[] value = entries.value();
                if (key.length != PackedKeys.BYTES
                        || !PackedKeys.isWellFormed(PackedKeys.lo(key), PackedKeys.hi(key))) {
                    throw new IllegalStateException(
                            "The f-gram table at " + directory + " holds a malformed key.");
                }
                long lo = PackedKeys.lo(key);
                long hi = PackedKeys.hi(key);
                checkValueLength(value.length, lo, hi);
                consumer.accept(FgramKey.unpack(lo, hi), Bf16.decode(value));
            }
            entries.status();
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void put(int[] gram, short[] bf16Vector) {
        FgramTables.checkEntry(gram, bf16Vector, dimension);
        ensureWritable();
        byte[] key = new byte[PackedKeys.BYTES];
        PackedKeys.write(gram, 0, gram.length, key);
        byte[] value = Bf16.encode(bf16Vector);
        synchronized (writeLock) {
            ensureOpen();
            boolean added = !exists(key);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(vectors, key, value);
                if (added) {
                    batch.put(metadata, COUNT_KEY, longBytes(count + 1));
                }
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw failure("write", e);
            }
            if (added) {
                count++;
            }
        }
    }

    @Override
    public boolean remove(int[] gram) {
        FgramKey.validate(gram);
        ensureWritable();
        byte[] key = new byte[PackedKeys.BYTES];
        PackedKeys.write(gram, 0, gram.length, key);
        synchronized (writeLock) {
            ensureOpen();
            if (!exists(key)) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(vectors, key);
                batch.put(metadata, COUNT_KEY, longBytes(count - 1));
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw failure("write", e);
            }
            count--;
            return true;
        }
    }

    @Override
    public void setVersion(String version) {
        Objects.requireNonNull(version, "version");
        ensureWritable();
        synchronized (writeLock) {
            ensureOpen();
            try {
                db.put(metadata, writeOptions, TABLE_VERSION_KEY, utf8(version));
            } catch (RocksDBException e) {
                throw failure("write", e);
            }
            this.version = version;
        }
    }

    /**
     * Adds every entry of {@code source}, replacing vectors of f-grams already held, in large
     * batches that skip the write-ahead log; the memtables are flushed to disk at the end.
     */
    public void putAll(FgramTable source, ProgressReporter progress) throws IOException {
        if (source.dimension() != dimension) {
            throw new IllegalArgumentException(
                    "The source table has dimension "
                            + source.dimension()
                            + ", but this table's is "
                            + dimension
                            + ".");
        }
        byte[] key = new byte[PackedKeys.BYTES];
        try (Progress shown =
                        progress.start("Loading f-grams into RocksDB", source.size(), "f-grams");
                BulkLoader loader = bulkLoader()) {
            source.forEach(
                    (gram, vector) -> {
                        PackedKeys.write(gram, 0, gram.length, key);
                        loader.add(key, Bf16.encode(vector));
                        shown.step(1);
                    });
        }
    }

    /** Compacts the vectors into one sorted run, which makes later lookups cheaper. */
    public void compact() {
        ensureWritable();
        synchronized (writeLock) {
            ensureOpen();
            try {
                db.compactRange(vectors);
            } catch (RocksDBException e) {
                throw failure("compact", e);
            }
        }
    }

    /** Bytes the vectors take on disk and in memtables, for sizing reports. */
    public long storageBytes() {
        ensureOpen();
        try {
            return db.getLongProperty(vectors, "rocksdb.total-sst-files-size")
                    + db.getLongProperty(vectors, "rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            if (!closed) {
                closed = true;
                closeAll(resources);
            }
        }
    }

    @Override
    public String toString() {
        return "RocksDbFgramTable{directory="
                + directory
                + ", dimension="
                + dimension
                + ", size="
                + count
                + ", version="
                + version
                + ", modelVersion="
                + modelVersion
                + (readOnly ? ", read-only" : "")
                + "}";
    }

    /** A loader that adds entries in large unlogged batches; one at a time per table. */
    BulkLoader bulkLoader() {
        ensureWritable();
        return new BulkLoader();
    }

    /**
     * Adds entries in batches that skip the write-ahead log. Each batch also records the new entry
     * count, and closing flushes the memtables, so a finished load is durable.
     */
    final class BulkLoader implements AutoCloseable {

        private final WriteOptions unlogged = new WriteOptions().setDisableWAL(true);
        private final WriteBatch batch = new WriteBatch();
        // Existence checks cost a read per key; a table that starts empty only receives keys
        // from a source that holds each key once.
        private final boolean checkExisting = count > 0;
        private long addedInBatch;

        /** Adds or replaces one entry; {@code key} and {@code value} are copied. */
        void add(byte[] key, byte[] value) throws IOException {
            if (value.length != dimension * Bf16.BYTES) {
                throw new IllegalArgumentException(
                        "The vector has "
                                + value.length / Bf16.BYTES
                                + " values, but the table's dimension is "
                                + dimension
                                + ".");
            }
            try {
                if (!checkExisting || !exists(key)) {
                    addedInBatch++;
                }
                batch.put(vectors, key, value);
                if (batch.getDataSize() >= BULK_BATCH_BYTES) {
                    writeBatch();
                }
            } catch (RocksDBException e) {
                throw new IOException(
                        "Writing to the f-gram table at "
                                + directory
                                + " failed: "
                                + e.getMessage(),
                        e);
            }
        }

        private void writeBatch() throws RocksDBException {
            synchronized (writeLock) {
                ensureOpen();
                batch.put(metadata, COUNT_KEY, longBytes(count + addedInBatch));
                db.write(unlogged, batch);
                count += addedInBatch;
                addedInBatch = 0;
                batch.clear();
            }
        }

        @Override
        public void close() throws IOException {
            try (FlushOptions waitForFlush = new FlushOptions().setWaitForFlush(true)) {
                if (batch.count() > 0) {
                    writeBatch();
                }
                db.flush(waitForFlush, List.of(vectors, metadata));
            } catch (RocksDBException e) {
                throw new IOException(
                        "Flushing the f-gram table at " + directory + " failed: " + e.getMessage(),
                        e);
            } finally {
                batch.close();
                unlogged.close();
            }
        }
    }

    private Buffers fetch(int[] tokens, int from, int length) {
        if (!PackedKeys.isPackable(tokens, from, length)) {
            return null;
        }
        Buffers scratch = buffers.get();
        PackedKeys.write(tokens, from, length, scratch.key());
        ensureOpen();
        int found;
        try {
            found = db.get(vectors, readOptions, scratch.key(), scratch.value());
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
        if (found == RocksDB.NOT_FOUND) {
            return null;
        }
        checkValueLength(found, PackedKeys.lo(scratch.key()), PackedKeys.hi(scratch.key()));
        return scratch;
    }

    private boolean exists(byte[] key) {
        ensureOpen();
        try {
            // An empty buffer asks only for the value's size.
            return db.get(vectors, readOptions, key, NO_BYTES) != RocksDB.NOT_FOUND;
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    private void checkValueLength(int valueBytes, long lo, long hi) {
        if (valueBytes != dimension * Bf16.BYTES) {
            throw new IllegalStateException(
                    "The f-gram table at "
                            + directory
                            + " holds "
                            + valueBytes
                            + " bytes for the f-gram "
                            + PackedKeys.describe(lo, hi)
                            + " where "
                            + dimension * Bf16.BYTES
                            + " were expected.");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The f-gram table at " + directory + " is closed.");
        }
    }

    private void ensureWritable() {
        if (readOnly) {
            throw new IllegalStateException(
                    "The f-gram table at " + directory + " was opened read-only.");
        }
    }

    private UncheckedIOException failure(String action, RocksDBException cause) {
        return new UncheckedIOException(
                new IOException(
                        "Cannot "
                                + action
                                + " the f-gram table at "
                                + directory
                                + ": "
                                + cause.getMessage(),
                        cause));
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                // Closing native handles only fails when RocksDB is already unusable; the
                // remaining handles still need closing.
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
