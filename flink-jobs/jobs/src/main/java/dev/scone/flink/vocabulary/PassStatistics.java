package dev.scone.flink.vocabulary;

/**
 * What one counting pass did.
 *
 * @param n the length of the n-grams counted in this pass
 * @param candidates distinct n-grams counted: every bigram in pass 2, and from pass 3 on only those
 *     whose prefix and suffix were frequent
 * @param kept candidates that reached the minimum count
 * @param seconds wall time from the end of the previous pass (or the job's start) to this pass's
 *     end
 */
public record PassStatistics(int n, long candidates, long kept, double seconds) {

    /** One line for progress output. */
    public String describe() {
        return String.format(
                "pass %d: %,d candidate %d-grams, %,d kept, %.1f s",
                n, candidates, n, kept, seconds);
    }
}
