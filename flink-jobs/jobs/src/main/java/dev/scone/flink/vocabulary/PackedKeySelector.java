package dev.scone.flink.vocabulary;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

/** Groups records by n-gram: the two words of the packed key, a fixed 16-byte sort key. */
final class PackedKeySelector implements KeySelector<PackedFgramCount, Tuple2<Long, Long>> {

    private static final long serialVersionUID = 1L;

    @Override
    public Tuple2<Long, Long> getKey(PackedFgramCount record) {
        return Tuple2.of(record.lo, record.hi);
    }
}
