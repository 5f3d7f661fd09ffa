package dev.scone.model.table;

import dev.scone.model.fgram.FgramIndex;
import dev.scone.model.fgram.FgramKey;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;

/**
 * The paper's in-RAM layout: one dense bf16 matrix, row after row, plus an open-addressing hash
 * ({@link FgramIndex}) from the packed f-gram to its row. Lookups allocate nothing.
 *
 * <p>The matrix is a single {@code short[]} while it fits in {@value #DEFAULT_MAX_CHUNK_SHORTS}
 * values (10M f-grams at dimension 64 need 640M), and continues in further arrays of that size
 * beyond. A removed f-gram leaves its row behind as a tombstone, which a later put of the same
 * f-gram revives, so a changelog that deletes and re-adds keys does not grow the matrix.
 *
 * <p>Lookups from many threads run concurrently; a write waits for them and briefly excludes them.
 */
public final class InMemoryFgramTable implements MutableFgramTable {

    /** Most bf16 values in one array of the matrix. */
    static final int DEFAULT_MAX_CHUNK_SHORTS = 1 << 30;

    /** Most f-grams one table holds: the capacity limit of {@link FgramIndex}. */
    public static final int MAX_SIZE = FgramIndex.MAX_SIZE;

    private static final int MIN_ROW_CAPACITY = 16;

    private final int dimension;
    private final String modelVersion;
    private volatile String version;

    private final int chunkShift;
    private final int rowInChunkMask;
    private final StampedLock lock = new StampedLock();
    private final FgramIndex index;

    private short[][] chunks = new short[0][];
    private long[] rowKeyLo = new long[0];
    private long[] rowKeyHi = new long[0];
    private int rowCapacity;
    private long[] removedRows = new long[0];
    private int removedCount;

    /** An empty table. */
    public InMemoryFgramTable(int dimension, String modelVersion, String version) {
        this(dimension, 0, modelVersion, version);
    }

    /** An empty table with room for {@code expectedSize} f-grams before it has to grow. */
    public InMemoryFgramTable(
            int dimension, int expectedSize, String modelVersion, String version) {
        this(dimension, expectedSize, modelVersion, version, DEFAULT_MAX_CHUNK_SHORTS);
    }

    InMemoryFgramTable(
            int dimension,
            int expectedSize,
            String modelVersion,
            String version,
            int maxChunkShorts) {
        if (dimension < 1) {
            throw new IllegalArgumentException(
                    "The dimension of a table must be positive, not " + dimension + ".");
        }
        if (expectedSize < 0 || expectedSize > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "An in-memory table holds 0 to "
                            + MAX_SIZE
                            + " f-grams, not "
                            + expectedSize
                            + ".");
        }
        this.dimension = dimension;
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
        this.version = Objects.requireNonNull(version, "version");
        int rowsPerChunk = Integer.highestOneBit(Math.max(1, maxChunkShorts / dimension));
        this.chunkShift = Integer.numberOfTrailingZeros(rowsPerChunk);
        this.rowInChunkMask = rowsPerChunk - 1;
        this.index = new FgramIndex(expectedSize);
        if (expectedSize > 0) {
            resizeRows(expectedSize);
        }
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long size() {
        long stamp = lock.readLock();
        try {
            return index.size() - removedCount;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public boolean lookup(int[] tokens, int from, int length, float[] out, int outOffset) {
        return readLiveRow(
                tokens,
                from,
                length,
                row -> Bf16.toFloat(chunkOf(row), offsetOf(row), out, outOffset, dimension));
    }

    @Override
    public boolean lookupBf16(int[] tokens, int from, int length, short[] out, int outOffset) {
        return readLiveRow(
                tokens,
                from,
                length,
                row -> System.arraycopy(chunkOf(row), offsetOf(row), out, outOffset, dimension));
    }

    @Override
    public boolean contains(int[] tokens, int from, int length) {
        return readLiveRow(tokens, from, length, row -> {});
    }

    /** What a reader does with the row of an f-gram it found, under the read lock. */
    @FunctionalInterface
    private interface RowReader {
        void read(int row);
    }

    /**
     * Finds the live row of {@code tokens[from .. from+length)} under the read lock and, if there
     * is one, lets {@code reader} copy from it before the lock is released.
     *
     * @return whether the table holds the f-gram
     */
    private boolean readLiveRow(int[] tokens, int from, int length, RowReader reader) {
        if (!PackedKeys.isPackable(tokens, from, length)) {
            return false;
        }
        long lo = FgramKey.lo(tokens, from, length);
        long hi = FgramKey.hi(tokens, from, length);
        long stamp = lock.readLock();
        try {
            int row = liveRow(lo, hi);
            if (row < 0) {
                return false;
            }
            reader.read(row);
            return true;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Passes the entries in row order; writers wait until the consumer has seen them all. */
    @Override
    public <E extends Exception> void forEach(FgramEntryConsumer<E> consumer) throws E {
        long stamp = lock.readLock();
        try {
            int rows = index.size();
            for (int row = 0; row < rows; row++) {
                if (!isRemoved(row)) {
                    int offset = offsetOf(row);
                    consumer.accept(
                            FgramKey.unpack(rowKeyLo[row], rowKeyHi[row]),
                            Arrays.copyOfRange(chunkOf(row), offset, offset + dimension));
                }
            }
        } finally {
            lock.unlockRead(stamp);
        }
    }

    @Override
    public void put(int[] gram, short[] bf16Vector) {
        FgramTables.checkEntry(gram, bf16Vector, dimension);
        long lo = FgramKey.lo(gram, 0, gram.length);
        long hi = FgramKey.hi(gram, 0, gram.length);
        long stamp = lock.writeLock();
        try {
            int row = rowForPut(lo, hi);
            revive(row);
            System.arraycopy(bf16Vector, 0, chunkOf(row), offsetOf(row), dimension);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public boolean remove(int[] gram) {
        FgramKey.validate(gram);
        long lo = FgramKey.lo(gram, 0, gram.length);
        long hi = FgramKey.hi(gram, 0, gram.length);
        long stamp = lock.writeLock();
        try {
            int row = liveRow(lo, hi);
            if (row < 0) {
                return false;
            }
            if (removedRows.length == 0) {
                removedRows = new long[bitsetWords(rowCapacity)];
            }
            removedRows[row >>> 6] |= 1L << row;
            removedCount++;
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public void setVersion(String version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /** Heap bytes the table holds per f-gram (matrix, index, row keys), for sizing reports. */
    public double bytesPerEntry() {
        long stamp = lock.readLock();
        try {
            long bytes =
                    (long) rowCapacity * dimension * Bf16.BYTES
                            + index.memoryBytes()
                            + (long) rowKeyLo.length * PackedKeys.BYTES
                            + (long) removedRows.length * Long.BYTES;
            return (double) bytes / Math.max(1, index.size() - removedCount);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Releases nothing: the garbage collector reclaims the matrix once the table is unreachable.
     */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "InMemoryFgramTable{dimension="
                + dimension
                + ", size="
                + size()
                + ", version="
                + version
                + ", modelVersion="
                + modelVersion
                + "}";
    }

    /** Rows in use, tombstones included. */
    int rowCount() {
        return index.size();
    }

    /** Arrays the matrix spans. */
    int chunkCount() {
        return chunks.length;
    }

    /**
     * Adds a key as the next row, for loaders filling a table that is not yet shared.
     *
     * @return false when the key is already held
     */
    boolean appendKey(long lo, long hi) {
        int next = index.size();
        return rowForPut(lo, hi) == next;
    }

    /**
     * Reads the vectors of all rows, in row order, straight into the matrix, for loaders filling a
     * table that is not yet shared.
     */
    void readMatrix(SectionReader reader) throws IOException {
        int rows = index.size();
        for (int chunk = 0; rows > chunk << chunkShift; chunk++) {
            int rowsInChunk = Math.min(rows - (chunk << chunkShift), rowInChunkMask + 1);
            reader.readShorts(chunks[chunk], 0, rowsInChunk * dimension);
        }
    }

    private int liveRow(long lo, long hi) {
        int row = index.row(lo, hi);
        return row < 0 || isRemoved(row) ? -1 : row;
    }

    private boolean isRemoved(int row) {
        return removedCount != 0 && (removedRows[row >>> 6] & (1L << row)) != 0;
    }

    private void revive(int row) {
        if (isRemoved(row)) {
            removedRows[row >>> 6] &= ~(1L << row);
            removedCount--;
        }
    }

    /** The key's row, a new one at the end when the key is absent; one hash probe. */
    private int rowForPut(long lo, long hi) {
        int next = index.size();
        if (next == rowCapacity) {
            int existing = index.row(lo, hi);
            if (existing >= 0) {
                return existing;
            }
            if (next == MAX_SIZE) {
                throw new IllegalStateException(
                        "An in-memory table holds at most " + MAX_SIZE + " f-grams.");
            }
            long grown = Math.max(MIN_ROW_CAPACITY, (long) rowCapacity + (rowCapacity >> 1));
            resizeRows((int) Math.min(grown, MAX_SIZE));
        }
        int row = index.add(lo, hi);
        if (row == next) {
            rowKeyLo[row] = lo;
            rowKeyHi[row] = hi;
        }
        return row;
    }

    private void resizeRows(int capacity) {
        int rowsPerChunk = rowInChunkMask + 1;
        int chunkCount = (int) (((long) capacity + rowsPerChunk - 1) >>> chunkShift);
        short[][] grownChunks = Arrays.copyOf(chunks, chunkCount);
        for (int chunk = 0; chunk < chunkCount; chunk++) {
            int rowsInChunk = Math.min(capacity - (chunk << chunkShift), rowsPerChunk);
            int length = rowsInChunk * dimension;
            short[] current = grownChunks[chunk];
            if (current == null) {
                grownChunks[chunk] = new short[length];
            } else if (current.length < length) {
                grownChunks[chunk] = Arrays.copyOf(current, length);
            }
        }
        chunks = grownChunks;
        rowKeyLo = Arrays.copyOf(rowKeyLo, capacity);
        rowKeyHi = Arrays.copyOf(rowKeyHi, capacity);
        if (removedRows.length > 0) {
            removedRows = Arrays.copyOf(removedRows, bitsetWords(capacity));
        }
        rowCapacity = capacity;
    }

    private static int bitsetWords(int bits) {
        return (bits + Long.SIZE - 1) / Long.SIZE;
    }

    private short[] chunkOf(int row) {
        return chunks[row >>> chunkShift];
    }

    private int offsetOf(int row) {
        return (row & rowInChunkMask) * dimension;
    }
}
