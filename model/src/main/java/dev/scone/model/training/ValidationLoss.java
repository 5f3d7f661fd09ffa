package dev.scone.model.training;

import dev.scone.model.nn.SconeModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation loss of a model under training: the mean next-token cross-entropy, in nats per
 * prediction, over a fixed set of windows of the validation split, cut and f-gram-matched exactly
 * as the training windows are ({@link TrainingCorpus}), computed without gradients and without
 * dropout. The same windows are measured every time, so successive measurements are comparable;
 * with a cap, the windows are spread evenly over the split (every k-th), so every corpus in it is
 * represented.
 */
public final class ValidationLoss {

    private final List<TrainingWindow> windows;
    private final int batchSize;
    private final long predictions;

    private ValidationLoss(List<TrainingWindow> windows, int batchSize) {
        this.windows = List.copyOf(windows);
        this.batchSize = batchSize;
        long count = 0;
        for (TrainingWindow window : windows) {
            count += window.tokens().length - 1;
        }
        this.predictions = count;
    }

    /**
     * @param corpus the validation split, read like the training split
     * @param maxWindows windows to keep, evenly spread; 0 keeps all
     * @param batchSize windows per forward pass
     */
    public static ValidationLoss of(TrainingCorpus corpus, int maxWindows, int batchSize) {
        List<TrainingWindow> all = corpus.windows();
        List<TrainingWindow> kept = new ArrayList<>();
        if (maxWindows == 0 || maxWindows >= all.size()) {
            kept.addAll(all);
        } else {
            // Window i of the kept set is floor(i * n / kept) of the split.
            for (int i = 0; i < maxWindows; i++) {
                kept.add(all.get((int) ((long) i * all.size() / maxWindows)));
            }
        }
        return new ValidationLoss(kept, Math.max(1, batchSize));
    }

    /** Windows measured. */
    public int windows() {
        return windows.size();
    }

    /** Next-token predictions measured. */
    public long predictions() {
        return predictions;
    }

    /** The mean cross-entropy of {@code model} over the windows, in nats per prediction. */
    public float measure(SconeModel model) {
        double sum = 0;
        for (int start = 0; start < windows.size(); start += batchSize) {
            int end = Math.min(windows.size(), start + batchSize);
            int[][] tokens = new int[end - start][];
            int[][] matchLengths = new int[end - start][];
            boolean matched = false;
            long batchPredictions = 0;
            for (int i = start; i < end; i++) {
                TrainingWindow window = windows.get(i);
                tokens[i - start] = window.tokens();
                matchLengths[i - start] = window.matchLengths();
                matched |= window.matchLengths() != null;
                batchPredictions += window.tokens().length - 1;
            }
            float loss = model.evaluationLoss(tokens, matched ? matchLengths : null);
            sum += (double) loss * batchPredictions;
        }
        return (float) (sum / predictions);
    }
}
