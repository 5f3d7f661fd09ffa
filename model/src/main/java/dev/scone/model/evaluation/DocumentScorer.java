package dev.scone.model.evaluation;

import dev.scone.model.nn.SequenceInput;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.serving.WindowedScorer;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores documents with a served model the way the streaming service does: GPT-2 tokens, every
 * position looked up in the model's f-gram table over the whole document, then {@link
 * WindowedScorer} over the serving context windows.
 *
 * <p>Not thread-safe; one per thread.
 */
public final class DocumentScorer implements AutoCloseable {

    private final ServedModel model;
    private final WindowedScorer scorer;

    /** A scorer with {@link WindowedScorer#windowsPerBatch} windows per forward pass. */
    public DocumentScorer(ServedModel model) {
        this(model, WindowedScorer.windowsPerBatch(model.card().config()));
    }

    public DocumentScorer(ServedModel model, int maxWindowsPerBatch) {
        if (maxWindowsPerBatch < 1) {
            throw new IllegalArgumentException(
                    "At least one window per batch is needed, not " + maxWindowsPerBatch + ".");
        }
        this.model = model;
        this.scorer = new WindowedScorer(model.model(), maxWindowsPerBatch);
    }

    /**
     * Scores texts; ids are given alongside.
     *
     * @throws IllegalArgumentException if the lists differ in length
     */
    public List<DocumentScore> score(List<String> ids, List<String> texts) {
        if (ids.size() != texts.size()) {
            throw new IllegalArgumentException(
                    ids.size() + " ids were given for " + texts.size() + " documents.");
        }
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        List<int[]> tokenized = new ArrayList<>(texts.size());
        for (String text : texts) {
            tokenized.add(tokenizer.encode(text));
        }
        List<ScoredDocument> scored = scoreTokens(tokenized);
        List<DocumentScore> scores = new ArrayList<>(texts.size());
        for (int d = 0; d < texts.size(); d++) {
            scores.add(new DocumentScore(ids.get(d), tokenized.get(d).length, scored.get(d)));
        }
        return scores;
    }

    /** Scores documents already tokenized. */
    public List<ScoredDocument> scoreTokens(List<int[]> documents) {
        List<SequenceInput> inputs = new ArrayList<>(documents.size());
        for (int[] tokens : documents) {
            inputs.add(model.inputs(tokens));
        }
        return scorer.score(inputs);
    }

    @Override
    public void close() {
        scorer.close();
    }
}
