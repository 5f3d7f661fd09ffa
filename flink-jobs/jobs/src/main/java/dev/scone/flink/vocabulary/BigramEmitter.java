package dev.scone.flink.vocabulary;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Pass 2: one occurrence record per bigram of a document; every bigram is a candidate. */
final class BigramEmitter implements FlatMapFunction<int[], PackedFgramCount> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(int[] tokens, Collector<PackedFgramCount> out) {
        for (int i = 0; i + 2 <= tokens.length; i++) {
            out.collect(PackedFgramCount.of(tokens, i, 2, 1));
        }
    }
}
