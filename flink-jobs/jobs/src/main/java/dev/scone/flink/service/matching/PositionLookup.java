package dev.scone.flink.service.matching;

import dev.scone.flink.service.RequestKey;

/**
 * One position of one document asking for its longest f-gram: the (up to K) tokens that end at the
 * position, keyed by their last two so it reaches the subtask holding every candidate.
 */
public class PositionLookup {

    public RequestKey requestKey;
    public int position;

    /** Tokens ending at {@code position}, oldest first; at least 2, at most K. */
    public int[] context;

    public PositionLookup() {}

    public PositionLookup(RequestKey requestKey, int position, int[] context) {
        this.requestKey = requestKey;
        this.position = position;
        this.context = context;
    }

    /** The routing key: the bigram the position ends with. */
    public long bigram() {
        return BigramKey.of(context[context.length - 2], context[context.length - 1]);
    }
}
