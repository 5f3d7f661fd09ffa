package dev.scone.model.fgram;

/**
 * Open-addressing hash from a packed f-gram ({@link FgramKey}) to a dense row number 0..size-1,
 * assigned in insertion order. This is the paper's in-RAM layout: rows index a dense embedding
 * matrix. Lookups allocate nothing; linear probing keeps a probe within one or two cache lines.
 *
 * <p>Not thread-safe for writes; concurrent reads of a fully built index are safe.
 */
public final class FgramIndex {

    private static final double MAX_LOAD = 0.5;

    /** Largest table a Java array allows at a power-of-two size. */
    private static final int MAX_CAPACITY = 1 << 30;

    /** Most keys an index can hold at its load factor. */
    public static final int MAX_SIZE = (int) (MAX_CAPACITY * MAX_LOAD);

    private long[] keyLo;
    private long[] keyHi;
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
        keyLo = new long[capacity];
        keyHi = new long[capacity];
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
        if (keyHi[slot] != 0) {
            return rows[slot];
        }
        if (size + 1 > (mask + 1) * MAX_LOAD) {
            checkSize(size + 1L);
            grow();
            slot = slotOf(lo, hi);
        }
        keyLo[slot] = lo;
        keyHi[slot] = hi;
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
        return keyHi[slot] == 0 ? -1 : rows[slot];
    }

    /** Row of {@code tokens[from .. from+length)}, or -1 when absent. Allocation-free. */
    public int row(int[] tokens, int from, int length) {
        return row(FgramKey.lo(tokens, from, length), FgramKey.hi(tokens, from, length));
    }

    /** Whether {@code tokens[from .. from+length)} is held. */
    public boolean contains(int[] tokens, int from, int length) {
        return row(tokens, from, length) >= 0;
    }

    /** Bytes of heap the index uses, for sizing reports. */
    public long memoryBytes() {
        return (long) keyLo.length * (Long.BYTES * 2 + Integer.BYTES);
    }

    private int slotOf(long lo, long hi) {
        int slot = (int) FgramKey.hash(lo, hi) & mask;
        while (keyHi[slot] != 0 && (keyHi[slot] != hi || keyLo[slot] != lo)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldLo = keyLo;
        long[] oldHi = keyHi;
        int[] oldRows = rows;
        allocate((mask + 1) * 2);
        for (int i = 0; i < oldHi.length; i++) {
            if (oldHi[i] != 0) {
                int slot = slotOf(oldLo[i], oldHi[i]);
                keyLo[slot] = oldLo[i];
                keyHi[slot] = oldHi[i];
                rows[slot] = oldRows[i];
            }
        }
    }

    @Override
    public String toString() {
        return "FgramIndex{size=" + size + ", capacity=" + (mask + 1) + "}";
    }
}
