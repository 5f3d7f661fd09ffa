package dev.scone.flink.vocabulary;

import java.util.Map;

/**
 * Names of the Flink accumulators through which the vocabulary job's tasks report corpus size and
 * per-pass progress to the client. Accumulators reach the client both while the job runs ({@code
 * JobClient#getAccumulators}) and in the final result, and work the same on a MiniCluster and on a
 * remote cluster.
 */
final class VocabularyCounters {

    static final String DOCUMENTS = "scone.vocabulary.corpus-documents";
    static final String TOKENS = "scone.vocabulary.corpus-tokens";
    static final String STARTED_AT_MILLIS = "scone.vocabulary.started-at-millis";

    private VocabularyCounters() {}

    /** Distinct n-grams of length {@code n} counted (the candidates that survived pruning). */
    static String candidates(int n) {
        return pass(n) + "candidates";
    }

    /** Counted n-grams of length {@code n} that reached the minimum count. */
    static String frequent(int n) {
        return pass(n) + "frequent";
    }

    /** Parallel subtasks of pass {@code n}'s filter stage. */
    static String subtasks(int n) {
        return pass(n) + "subtasks";
    }

    /** Subtasks of pass {@code n}'s filter stage that have seen their whole input. */
    static String finishedSubtasks(int n) {
        return pass(n) + "finished-subtasks";
    }

    /** Wall-clock time (epoch milliseconds) at which the last subtask of pass {@code n} ended. */
    static String finishedAtMillis(int n) {
        return pass(n) + "finished-at-millis";
    }

    /** The numeric value of accumulator {@code name}, or 0 when it has not been reported yet. */
    static long value(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static String pass(int n) {
        return "scone.vocabulary.pass-" + n + ".";
    }
}
