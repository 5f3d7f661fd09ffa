package dev.scone.flink.vocabulary;

import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * An n-gram packed into two longs ({@link FgramKey}) with a count: the record every counting,
 * filtering and ranking stage of the vocabulary job exchanges. Three longs keep the records that
 * are shuffled, sorted and spilled small, whatever the n-gram's length.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor) so that it serializes without
 * Kryo.
 */
public class PackedFgramCount {

    /** Low word of the packed n-gram. */
    public long lo;

    /** High word of the packed n-gram; also holds its length. */
    public long hi;

    /** Occurrences counted so far. */
    public long count;

    public PackedFgramCount() {}

    public PackedFgramCount(long lo, long hi, long count) {
        this.lo = lo;
        this.hi = hi;
        this.count = count;
    }

    /** {@code tokens[from .. from+length)} with {@code count}. */
    public static PackedFgramCount of(int[] tokens, int from, int length, long count) {
        return new PackedFgramCount(
                FgramKey.lo(tokens, from, length), FgramKey.hi(tokens, from, length), count);
    }

    /** Number of tokens in the n-gram. */
    public int length() {
        return FgramKey.length(hi);
    }

    /** The token ids, in a new array. */
    public int[] gram() {
        return FgramKey.unpack(lo, hi);
    }

    /** The same n-gram and count as the model's record type. */
    public CountedFgram toCountedFgram() {
        return new CountedFgram(gram(), count);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PackedFgramCount that
                && lo == that.lo
                && hi == that.hi
                && count == that.count;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lo, hi, count);
    }

    @Override
    public String toString() {
        return Arrays.toString(gram()) + "x" + count;
    }
}
