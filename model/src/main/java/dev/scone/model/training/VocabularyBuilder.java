package dev.scone.model.training;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds the f-gram vocabulary of a training run from its training corpus. The command line passes
 * the Flink counting job; this module stays free of Flink.
 */
@FunctionalInterface
public interface VocabularyBuilder {

    /**
     * Counts the n-grams of {@code corpus} and writes the vocabulary file {@code out}.
     *
     * @param corpus the training corpus files or folders, nothing else
     * @param maxN K, the longest f-gram counted
     * @param minCount smallest corpus count of a kept f-gram
     * @param size f-grams to keep, best ranked first; 0 keeps all that reach {@code minCount}
     */
    void build(List<Path> corpus, Path out, int maxN, long minCount, long size) throws Exception;
}
