package dev.scone.flink.vocabulary;

import dev.scone.model.fgram.FgramIndex;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pass n (n >= 3), Apriori pruning: emits an occurrence of an n-gram only when both its
 * (n-1)-prefix and its (n-1)-suffix reached the minimum count in pass n-1. Any other n-gram occurs
 * at most as often as that shorter gram, so it cannot reach the minimum count itself.
 *
 * <p>The frequent (n-1)-grams arrive on the broadcast input, which the BATCH runtime reads to its
 * end before the first document (Flink's batch broadcast operator selects that input first). Each
 * subtask holds them in a primitive hash (about 40 to 80 bytes per gram), not in Flink broadcast
 * state: in BATCH mode nothing is checkpointed, and a restarted task reads its broadcast input
 * again. Their number is bounded: a corpus of T tokens has at most T / minCount n-grams of one
 * length with count >= minCount.
 */
final class CandidateEmitter
        extends BroadcastProcessFunction<int[], PackedFgramCount, PackedFgramCount> {

    private static final long serialVersionUID = 1L;

    private static final int INITIAL_CAPACITY = 1 << 12;

    private final int n;
    private transient FgramIndex frequentShorter;

    /**
     * @param n length of the n-grams to emit; the broadcast input holds the frequent (n-1)-grams
     */
    CandidateEmitter(int n) {
        this.n = n;
    }

    @Override
    public void open(OpenContext openContext) {
        frequentShorter = new FgramIndex(INITIAL_CAPACITY);
    }

    @Override
    public void processBroadcastElement(
            PackedFgramCount frequent, Context context, Collector<PackedFgramCount> out) {
        frequentShorter.add(frequent.lo, frequent.hi);
    }

    @Override
    public void processElement(
            int[] tokens, ReadOnlyContext context, Collector<PackedFgramCount> out) {
        int shorter = n - 1;
        if (tokens.length < n) {
            return;
        }
        // The suffix of the n-gram at i is the prefix of the one at i+1: one probe per position.
        boolean prefixFrequent = frequentShorter.contains(tokens, 0, shorter);
        for (int i = 0; i + n <= tokens.length; i++) {
            boolean suffixFrequent = frequentShorter.contains(tokens, i + 1, shorter);
            if (prefixFrequent && suffixFrequent) {
                out.collect(PackedFgramCount.of(tokens, i, n, 1));
            }
            prefixFrequent = suffixFrequent;
        }
    }
}
