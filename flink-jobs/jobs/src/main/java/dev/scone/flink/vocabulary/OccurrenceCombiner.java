package dev.scone.flink.vocabulary;

import dev.scone.model.fgram.FgramKey;
import java.util.Arrays;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Adds up occurrences of the same n-gram before the shuffle, in a fixed-size table that is emitted
 * and emptied whenever it is half full and once more at the end of the input. Frequent n-grams (the
 * Zipf head) then cross the network a few times per subtask instead of once per occurrence, while
 * memory stays at {@link #DEFAULT_SLOTS} entries whatever the corpus size; exact counting is left
 * to the keyed, sort-based aggregation downstream.
 *
 * <p>An operator rather than a function because it must flush when its input ends.
 */
final class OccurrenceCombiner extends AbstractStreamOperator<PackedFgramCount>
        implements OneInputStreamOperator<PackedFgramCount, PackedFgramCount>, BoundedOneInput {

    /** Table slots: 24 bytes each, 6 MiB per subtask. */
    static final int DEFAULT_SLOTS = 1 << 18;

    private static final long serialVersionUID = 1L;

    private final int slots;
    private transient long[] keyLo;
    private transient long[] keyHi;
    private transient long[] counts;
    private transient int used;
    private transient StreamRecord<PackedFgramCount> outRecord;

    OccurrenceCombiner() {
        this(DEFAULT_SLOTS);
    }

    /**
     * @param slots table size, a power of two
     */
    OccurrenceCombiner(int slots) {
        if (slots < 2 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException(
                    "The combiner's table size must be a power of two, not " + slots + ".");
        }
        this.slots = slots;
    }

    @Override
    public void open() throws Exception {
        super.open();
        keyLo = new long[slots];
        keyHi = new long[slots];
        counts = new long[slots];
        outRecord = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<PackedFgramCount> element) {
        PackedFgramCount occurrence = element.getValue();
        int mask = slots - 1;
        int slot = (int) FgramKey.hash(occurrence.lo, occurrence.hi) & mask;
        // A packed key never has hi == 0, so 0 marks a free slot.
        while (keyHi[slot] != 0 && (keyHi[slot] != occurrence.hi || keyLo[slot] != occurrence.lo)) {
            slot = (slot + 1) & mask;
        }
        if (keyHi[slot] != 0) {
            counts[slot] += occurrence.count;
            return;
        }
        keyLo[slot] = occurrence.lo;
        keyHi[slot] = occurrence.hi;
        counts[slot] = occurrence.count;
        if (++used >= slots / 2) {
            flush();
        }
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        for (int slot = 0; slot < slots; slot++) {
            if (keyHi[slot] != 0) {
                output.collect(
                        outRecord.replace(
                                new PackedFgramCount(keyLo[slot], keyHi[slot], counts[slot])));
            }
        }
        Arrays.fill(keyHi, 0L);
        used = 0;
    }
}
