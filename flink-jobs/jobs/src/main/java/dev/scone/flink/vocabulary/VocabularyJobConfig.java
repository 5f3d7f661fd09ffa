package dev.scone.flink.vocabulary;

import dev.scone.model.fgram.FgramKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one vocabulary build, checked once when created.
 *
 * @param inputs corpus files or directories: local paths or URIs of any file system Flink reads
 * @param out the vocabulary file to write; its summary goes to {@code OUT.summary.json}
 * @param maxN K, the longest n-gram counted (2..5)
 * @param minCount smallest count an n-gram needs to be kept, and to let longer n-grams extending it
 *     be counted at all
 * @param size S, how many f-grams to keep, best ranked first; 0 keeps every frequent n-gram
 * @param parallelism parallel subtasks of every counting stage
 */
public record VocabularyJobConfig(
        List<String> inputs, Path out, int maxN, long minCount, long size, int parallelism) {

    /** K of the paper's main experiments. */
    public static final int DEFAULT_MAX_N = 5;

    /** The paper's minimum count for Apriori pruning. */
    public static final long DEFAULT_MIN_COUNT = 5;

    /** Keep every n-gram that reaches the minimum count. */
    public static final long DEFAULT_SIZE = 0;

    /**
     * @throws IllegalArgumentException with one sentence naming the bad setting
     */
    public VocabularyJobConfig {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(out, "out");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Give at least one input file or directory.");
        }
        FgramKey.requireMaxLength(maxN, "The longest n-gram length");
        if (minCount < 1) {
            throw new IllegalArgumentException(
                    "The minimum count must be at least 1, not " + minCount + ".");
        }
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "The vocabulary size must be 0 (keep all) or between 1 and "
                            + Integer.MAX_VALUE
                            + ", not "
                            + size
                            + ".");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "The parallelism must be at least 1, not " + parallelism + ".");
        }
    }

    /** Where the summary JSON goes: the vocabulary file's name with {@code .summary.json}. */
    public Path summaryFile() {
        return out.resolveSibling(out.getFileName() + ".summary.json");
    }
}
