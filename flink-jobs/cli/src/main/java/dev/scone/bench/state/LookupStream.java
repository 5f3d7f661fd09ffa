package dev.scone.bench.state;

import dev.scone.bench.ZipfSampler;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.matching.PositionLookup;
import java.util.SplittableRandom;

/**
 * The lookups of a {@link StateWorkload}, index by index: which phrase each one ends with and the
 * five-token context it carries to the match operator. Holds the Zipf sampler of the skewed phase,
 * built once, so one instance serves a whole source.
 */
public final class LookupStream {

    /** Positions per synthetic document, which only shapes the request keys. */
    private static final int POSITIONS_PER_DOCUMENT = 256;

    private final StateWorkload workload;
    private final ZipfSampler zipf;

    public LookupStream(StateWorkload workload) {
        this.workload = workload;
        this.zipf = new ZipfSampler(workload.phrases(), StateWorkload.ZIPF_EXPONENT);
    }

    /** The phrase lookup {@code index} ends with a suffix of, or -1 for a miss. */
    public int phraseOf(long index) {
        if (StateWorkload.matchLength(index) == 0) {
            return -1;
        }
        long hash = StateWorkload.lookupHash(index);
        if (workload.phaseOf(index) == StateWorkload.Phase.ZIPF) {
            return zipf.sample(new SplittableRandom(hash));
        }
        return (int) Math.floorMod(StateWorkload.mix(hash), workload.phrases());
    }

    /**
     * Lookup {@code index}'s context: five tokens whose longest f-gram suffix has the planned
     * length.
     */
    public int[] context(long index) {
        int length = StateWorkload.matchLength(index);
        long hash = StateWorkload.lookupHash(index);
        int[] context = new int[StateWorkload.PHRASE_LENGTH];
        for (int k = 0; k < context.length; k++) {
            hash = StateWorkload.mix(hash);
            context[k] = (int) Math.floorMod(hash, StateWorkload.VOCABULARY);
        }
        int last = context.length - 1;
        if (length == 0) {
            long bigram = workload.missingBigramCode(StateWorkload.mix(hash));
            context[last - 1] = (int) (bigram / StateWorkload.VOCABULARY);
            context[last] = (int) (bigram % StateWorkload.VOCABULARY);
            return context;
        }
        int[] phrase = StateWorkload.phrase(phraseOf(index));
        int start = context.length - length;
        System.arraycopy(phrase, start, context, start, length);
        if (start > 0 && context[start - 1] == phrase[start - 1]) {
            // The phrase's own token here would make the match one longer than planned.
            context[start - 1] = (context[start - 1] + 1) % StateWorkload.VOCABULARY;
        }
        return context;
    }

    /** Lookup {@code index} as the record the match operator receives. */
    public PositionLookup lookup(long index) {
        return new PositionLookup(
                new RequestKey("bench.documents", 0, index / POSITIONS_PER_DOCUMENT),
                (int) (index % POSITIONS_PER_DOCUMENT),
                context(index));
    }

    /**
     * How many lookups of {@code phase} have each longest-match length 0 .. 5: what a correct match
     * operator answers.
     */
    public long[] expectedLengths(StateWorkload.Phase phase) {
        long[] counts = new long[StateWorkload.PHRASE_LENGTH + 1];
        for (long index = workload.phaseStart(phase); index < workload.phaseEnd(phase); index++) {
            counts[StateWorkload.matchLength(index)]++;
        }
        return counts;
    }
}
