package dev.scone.model.fgram;

/**
 * Open-addressing hash from a packed f-gram ({@link FgramKey}) to a dense row number 0..size-1,
 * assigned in insertion order. This is the paper's in-RAM layout: rows index a dense embedding
 * matrix. Lookups allocate nothing. The two words of each key sit side by side in one array, so a
 * probe touches one cache line, and linear probing keeps collisions within it or the next; {@link
 * #contains} never reads the rows array at all.
 *
 * <p>Not thread-safe for writes; concurrent reads of a fully built index are safe.
 */
public final class FgramIndex {

    private static final double MAX_LOAD = 0.5;

    /** Largest table whose interleaved key array (two longs a slot) a Java array allows. */
    private static final int MAX_CAPACITY = 1 << 29;

    /** Most keys an index can hold at its load factor. */
    public static final int MAX_SIZE = (int) (MAX_CAPACITY * MAX_LOAD);

    /** Slot s holds its key's low word at 2s and high word at 2s + 1; high 0 marks it empty. */
    private long[] keys;

    private int[] rows;
    private int mask;
    private int size;

    /** An index sized for {@code expectedSize} keys without rehashing. */
    public FgramIndex(int expectedSize) {
        checkSize(expectedSize);
        int capacity = Integer.highestOneBit((int) Math.max(4, expectedSize / MAX_LOAD) - 1) << 1;
        allocate(capacity);
    }

    private static void checkSize(long size) {
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "An f-gram index holds at most " + MAX_SIZE + " f-grams, not " + size + ".");
        }
    }

    private void allocate(int capacity) {
        keys = new long[2 * capacity];
        rows = new int[capacity];
        mask = capacity - 1;
    }

    /** Number of keys held. */
    public int size() {
        return size;
    }

    /**
     * Adds a key if absent.
     *
     * @return the key's row: its existing one, or {@code size()} before the call for a new key
     */
    public int add(long lo, long hi) {
        int slot = slotOf(lo, hi);
        if (keys[2 * slot + 1] != 0) {
            return rows[slot];
        }
        if (size + 1 > (mask + 1) * MAX_LOAD) {
            checkSize(size + 1L);
            grow();
            slot = slotOf(lo, hi);
        }
        keys[2 * slot] = lo;
        keys[2 * slot + 1] = hi;
        rows[slot] = size;
        return size++;
    }

    /** Adds {@code tokens} (an f-gram of 1..5 ids) if absent and returns its row. */
    public int add(int[] tokens) {
        FgramKey.validate(tokens);
        return add(FgramKey.lo(tokens, 0, tokens.length), FgramKey.hi(tokens, 0, tokens.length));
    }

    /** Row of a packed key, or -1 when absent. */
    public int row(long lo, long hi) {
        int slot = slotOf(lo, hi);
        return keys[2 * slot + 1] == 0 ? -1 : rows[slot];
    }

    /** Row of {@code tokens[from .. from+length)}, or -1 when absent. Allocation-free. */
    public int row(int[] tokens, int from, int length) {
        return row(FgramKey.lo(tokens, from, length), FgramKey.hi(tokens, from, length));
    }

    /** Whether {@code tokens[from .. from+length)} is held. */
    public boolean contains(int[] tokens, int from, int length) {
        long hi = FgramKey.hi(tokens, from, length);
        return keys[2 * slotOf(FgramKey.lo(tokens, from, length), hi) + 1] != 0;
    }

    /** Bytes of heap the index uses, for sizing reports. */
    public long memoryBytes() {
        return (long) keys.length * Long.BYTES + (long) rows.length * Integer.BYTES;
    }

    private int slotOf(long lo, long hi) {
        int slot = (int) FgramKey.hash(lo, hi) & mask;
        long stored;
        while ((stored = keys[2 * slot + 1]) != 0 && (stored != hi || keys[2 * slot] != lo)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldRows = rows;
        allocate((mask + 1) * 2);
        for (int i = 0; i < oldRows.length; i++) {
            long lo = oldKeys[2 * i];
            long hi = oldKeys[2 * i + 1];
            if (hi != 0) {
                int slot = slotOf(lo, hi);
                keys[2 * slot] = lo;
                keys[2 * slot + 1] = hi;
                rows[slot] = oldRows[i];
            }
        }
    }

    @Override
    public String toString() {
        return "FgramIndex{size=" + size + ", capacity=" + (mask + 1) + "}";
    }
}
