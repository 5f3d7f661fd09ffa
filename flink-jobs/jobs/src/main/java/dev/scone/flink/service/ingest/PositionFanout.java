package dev.scone.flink.service.ingest;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.matching.PositionLookup;
import java.util.Arrays;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Emits one lookup per position i >= 1 carrying the (up to K) tokens that end at i. Position 0 has
 * no bigram, so it never matches and needs no lookup.
 */
public class PositionFanout implements FlatMapFunction<DocumentRequest, PositionLookup> {

    private static final long serialVersionUID = 1L;

    private final int maxFgramLength;

    public PositionFanout(int maxFgramLength) {
        this.maxFgramLength = maxFgramLength;
    }

    @Override
    public void flatMap(DocumentRequest request, Collector<PositionLookup> out) {
        int[] tokens = request.tokens;
        for (int i = 1; i < tokens.length; i++) {
            int from = Math.max(0, i + 1 - maxFgramLength);
            out.collect(
                    new PositionLookup(
                            request.requestKey, i, Arrays.copyOfRange(tokens, from, i + 1)));
        }
    }

    /** Lookups a request fans out to; the assembler waits for exactly this many matches. */
    public static int lookupsFor(DocumentRequest request) {
        return Math.max(0, request.tokens.length - 1);
    }
}
