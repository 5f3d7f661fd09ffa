package dev.scone.model.training;

import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The training windows of a corpus, held in memory: every document tokenized on its own (no window
 * spans two documents), pre-scanned for longest f-gram matches and cut by {@link TrainingWindows}.
 * Holding the windows lets each epoch shuffle them without reading the corpus again; a corpus of a
 * few million tokens takes a few tens of megabytes.
 */
public final class TrainingCorpus {

    private final List<TrainingWindow> windows = new ArrayList<>();
    private final LongestMatcher matcher;
    private final int contextLength;
    private long documents;
    private long tokens;
    private long predictions;
    private long matchedPositions;

    private TrainingCorpus(LongestMatcher matcher, int contextLength) {
        this.matcher = matcher;
        this.contextLength = contextLength;
    }

    /**
     * Reads corpus files or folders (see {@link CorpusDocuments#forEach}) into windows.
     *
     * @param matcher longest-match search over the f-gram vocabulary, or null for a baseline
     * @param contextLength C of the model being trained
     * @param vocabSize the model's token vocabulary; every token id must be below it
     * @throws IllegalArgumentException if the corpus holds no window or a token id the model cannot
     *     read
     * @throws IOException if a file cannot be read
     */
    public static TrainingCorpus read(
            List<Path> inputs,
            LongestMatcher matcher,
            int contextLength,
            int vocabSize,
            ProgressReporter progress)
            throws IOException {
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        TrainingCorpus corpus = new TrainingCorpus(matcher, contextLength);
        try (Progress bar = progress.start("Reading the training corpus", -1, "documents")) {
            for (Path input : inputs) {
                CorpusDocuments.forEach(
                        input,
                        text -> {
                            int[] ids = tokenizer.encode(text);
                            checkVocabulary(ids, vocabSize, input);
                            corpus.add(ids);
                            bar.step(1);
                        });
            }
        }
        return corpus.requireWindows(inputs.toString());
    }

    /**
     * Windows of documents already tokenized.
     *
     * @throws IllegalArgumentException if no document has two or more tokens
     */
    public static TrainingCorpus of(
            List<int[]> tokenizedDocuments, LongestMatcher matcher, int contextLength) {
        TrainingCorpus corpus = new TrainingCorpus(matcher, contextLength);
        tokenizedDocuments.forEach(corpus::add);
        return corpus.requireWindows("given");
    }

    private void add(int[] ids) {
        int[] matches = matcher == null ? null : matcher.match(ids);
        for (TrainingWindow window : TrainingWindows.cut(ids, matches, contextLength, matcher)) {
            windows.add(window);
            predictions += window.predictions();
            if (window.matchLengths() != null) {
                matchedPositions += LongestMatcher.matchedPositions(window.matchLengths());
            }
        }
        documents++;
        tokens += ids.length;
    }

    private TrainingCorpus requireWindows(String source) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException(
                    "The training corpus " + source + " holds no document of two or more tokens.");
        }
        return this;
    }

    private static void checkVocabulary(int[] ids, int vocabSize, Path input) {
        for (int id : ids) {
            if (id >= vocabSize) {
                throw new IllegalArgumentException(
                        "The corpus "
                                + input
                                + " holds token id "
                                + id
                                + ", outside the model's vocabulary of "
                                + vocabSize
                                + " tokens; train with vocabSize "
                                + Gpt2Tokenizer.VOCABULARY_SIZE
                                + ".");
            }
        }
    }

    /** The windows in corpus order. */
    public List<TrainingWindow> windows() {
        return Collections.unmodifiableList(windows);
    }

    /** Documents read, including those too short to give a window. */
    public long documents() {
        return documents;
    }

    /** Tokens in all documents. */
    public long tokens() {
        return tokens;
    }

    /** Next-token predictions of one pass over all windows. */
    public long predictions() {
        return predictions;
    }

    /** Window positions whose input is an f-gram embedding. */
    public long matchedPositions() {
        return matchedPositions;
    }

    /** Mean predictions per window. */
    public double meanPredictionsPerWindow() {
        return (double) predictions / windows.size();
    }
}
