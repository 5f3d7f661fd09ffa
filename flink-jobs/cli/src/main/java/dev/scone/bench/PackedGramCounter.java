package dev.scone.bench;

import dev.scone.model.fgram.FgramKey;

/**
 * Counts n-grams by their packed key ({@link FgramKey}) in an open-addressing hash of primitive
 * arrays, so that counting tens of millions of occurrences creates no objects. Used to build the
 * synthetic f-gram vocabulary of the matching benchmark from a generated token stream.
 *
 * <p>Not thread-safe.
 */
final class PackedGramCounter {

    private static final double MAX_LOAD = 0.6;

    private long[] keyLo;
    private long[] keyHi;
    private int[] counts;
    private int mask;
    private int size;

    /** A counter sized for {@code expectedKeys} distinct keys before it grows. */
    PackedGramCounter(int expectedKeys) {
        allocate(Integer.highestOneBit((int) Math.max(16, expectedKeys / MAX_LOAD)) << 1);
    }

    /** Receives each counted key. */
    @FunctionalInterface
    interface Entry {
        void accept(long lo, long hi, int count);
    }

    /** Adds one occurrence of {@code tokens[from .. from+length)}. */
    void increment(int[] tokens, int from, int length) {
        increment(FgramKey.lo(tokens, from, length), FgramKey.hi(tokens, from, length));
    }

    /** Adds one occurrence of a packed key. */
    void increment(long lo, long hi) {
        int slot = slotOf(lo, hi);
        if (keyHi[slot] != 0) {
            counts[slot]++;
            return;
        }
        if (size + 1 > (mask + 1) * MAX_LOAD) {
            grow();
            slot = slotOf(lo, hi);
        }
        keyLo[slot] = lo;
        keyHi[slot] = hi;
        counts[slot] = 1;
        size++;
    }

    /** Occurrences of {@code tokens[from .. from+length)} counted so far. */
    int count(int[] tokens, int from, int length) {
        int slot = slotOf(FgramKey.lo(tokens, from, length), FgramKey.hi(tokens, from, length));
        return keyHi[slot] == 0 ? 0 : counts[slot];
    }

    /** Number of distinct keys. */
    int size() {
        return size;
    }

    /** Passes every key with its count, in no particular order. */
    void forEach(Entry action) {
        for (int slot = 0; slot <= mask; slot++) {
            if (keyHi[slot] != 0) {
                action.accept(keyLo[slot], keyHi[slot], counts[slot]);
            }
        }
    }

    private int slotOf(long lo, long hi) {
        int slot = (int) FgramKey.hash(lo, hi) & mask;
        while (keyHi[slot] != 0 && (keyHi[slot] != hi || keyLo[slot] != lo)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void allocate(int capacity) {
        keyLo = new long[capacity];
        keyHi = new long[capacity];
        counts = new int[capacity];
        mask = capacity - 1;
    }

    private void grow() {
        if (mask + 1 >= 1 << 30) {
            throw new IllegalStateException("An n-gram counter holds at most 2^29 keys.");
        }
        long[] oldLo = keyLo;
        long[] oldHi = keyHi;
        int[] oldCounts = counts;
        allocate((mask + 1) * 2);
        for (int i = 0; i < oldHi.length; i++) {
            if (oldHi[i] != 0) {
                int slot = slotOf(oldLo[i], oldHi[i]);
                keyLo[slot] = oldLo[i];
                keyHi[slot] = oldHi[i];
                counts[slot] = oldCounts[i];
            }
        }
    }
}
