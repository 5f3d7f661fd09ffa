package dev.scone.flink.vocabulary;

import org.apache.flink.api.common.functions.ReduceFunction;

/** Adds the counts of two records of the same n-gram. */
final class SumCounts implements ReduceFunction<PackedFgramCount> {

    private static final long serialVersionUID = 1L;

    @Override
    public PackedFgramCount reduce(PackedFgramCount a, PackedFgramCount b) {
        return new PackedFgramCount(a.lo, a.hi, Math.addExact(a.count, b.count));
    }
}
