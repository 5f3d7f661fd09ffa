package dev.scone.model.serving;

import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.ScoreBatch;
import dev.scone.model.nn.Scorer;
import dev.scone.model.nn.SequenceInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores whole documents of any length: cuts them into {@link ContextWindows}, scores the windows
 * of several documents together in batches, and stitches each document's log-probabilities back
 * together. Offline scoring, evaluation and the streaming decoder all score through this class.
 *
 * <p>Not thread-safe (it holds a {@link Scorer}); one per thread.
 */
public final class WindowedScorer implements AutoCloseable {

    /**
     * Largest logits tensor a forward pass should make. On a CPU, batches whose (windows x C x V)
     * logits stay around this size score several times faster than big ones, which spend their time
     * having fresh memory mapped and zeroed by the system.
     */
    public static final long LOGITS_BUDGET_BYTES = 8L << 20;

    private static final int MAX_WINDOWS_PER_BATCH = 64;

    private final Scorer scorer;
    private final int contextLength;
    private final int maxWindowsPerBatch;

    /** A scorer whose batches keep the logits within {@link #LOGITS_BUDGET_BYTES}. */
    public WindowedScorer(SconeModel model) {
        this(model, windowsPerBatch(model.config()));
    }

    public WindowedScorer(SconeModel model, int maxWindowsPerBatch) {
        this.scorer = new Scorer(model);
        this.contextLength = model.config().contextLength();
        this.maxWindowsPerBatch = maxWindowsPerBatch;
    }

    /**
     * Context windows per forward pass that keep the logits within {@link #LOGITS_BUDGET_BYTES}.
     */
    public static int windowsPerBatch(SconeConfig config) {
        long bytesPerWindow = (long) config.contextLength() * config.vocabSize() * Float.BYTES;
        return (int)
                Math.max(1, Math.min(MAX_WINDOWS_PER_BATCH, LOGITS_BUDGET_BYTES / bytesPerWindow));
    }

    /** Scores documents whose inputs (match lengths and vectors) cover the whole document. */
    public List<ScoredDocument> score(List<SequenceInput> documents) {
        List<float[]> logProbs = new ArrayList<>(documents.size());
        List<SequenceInput> pending = new ArrayList<>();
        List<int[]> pendingTargets = new ArrayList<>(); // {document, offset into its log-probs}
        for (int d = 0; d < documents.size(); d++) {
            SequenceInput document = documents.get(d);
            int n = document.tokens().length;
            logProbs.add(new float[Math.max(0, n - 1)]);
            for (int start : ContextWindows.starts(n, contextLength)) {
                int end = ContextWindows.end(start, n, contextLength);
                pending.add(slice(document, start, end));
                pendingTargets.add(new int[] {d, start});
                if (pending.size() == maxWindowsPerBatch) {
                    flush(pending, pendingTargets, logProbs);
                }
            }
        }
        flush(pending, pendingTargets, logProbs);

        List<ScoredDocument> scored = new ArrayList<>(documents.size());
        for (int d = 0; d < documents.size(); d++) {
            float[] values = logProbs.get(d);
            double sum = 0;
            for (float value : values) {
                sum += value;
            }
            int[] lengths = documents.get(d).matchLengths();
            scored.add(
                    new ScoredDocument(
                            values,
                            sum,
                            LongestMatcher.matchedPositions(lengths),
                            LongestMatcher.meanMatchLength(lengths)));
        }
        return scored;
    }

    private void flush(List<SequenceInput> windows, List<int[]> targets, List<float[]> logProbs) {
        if (windows.isEmpty()) {
            return;
        }
        ScoreBatch batch = scorer.score(windows);
        for (int w = 0; w < windows.size(); w++) {
            int[] target = targets.get(w);
            float[] values = batch.tokenLogProbs()[w];
            // Window starting at s predicts tokens s+1 .. s+len-1: log-prob slots s .. s+len-2.
            System.arraycopy(values, 0, logProbs.get(target[0]), target[1], values.length);
        }
        windows.clear();
        targets.clear();
    }

    private static SequenceInput slice(SequenceInput document, int start, int end) {
        return new SequenceInput(
                Arrays.copyOfRange(document.tokens(), start, end),
                Arrays.copyOfRange(document.matchLengths(), start, end),
                Arrays.copyOfRange(document.fgramVectors(), start, end));
    }

    @Override
    public void close() {
        scorer.close();
    }
}
