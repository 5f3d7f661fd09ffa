package dev.scone.flink.vocabulary;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Passes on the first {@code limit} records of each parallel subtask: placed right after a sort
 * (same subtask, forward connection), it keeps the best ranked ones.
 */
final class KeepFirst extends RichFlatMapFunction<PackedFgramCount, PackedFgramCount> {

    private static final long serialVersionUID = 1L;

    private final long limit;
    private transient long passed;

    KeepFirst(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("The number of records to keep must be positive.");
        }
        this.limit = limit;
    }

    @Override
    public void open(OpenContext openContext) {
        passed = 0;
    }

    @Override
    public void flatMap(PackedFgramCount record, Collector<PackedFgramCount> out) {
        if (passed < limit) {
            passed++;
            out.collect(record);
        }
    }
}
