package dev.scone.model.training;

import dev.scone.model.nn.TrainingBatch;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * An endless stream of training batches: each epoch visits the windows in a fresh random order,
 * {@code batchSize} at a time; the windows left over when an epoch does not divide evenly are
 * skipped for that epoch only. The batch of every step depends only on the windows, the seed and
 * the step number, so a resumed run that starts at step s sees exactly the batches the original run
 * would have seen from s on.
 */
public final class WindowBatches implements Iterator<TrainingBatch> {

    private final List<TrainingWindow> windows;
    private final int batchSize;
    private final long seed;
    private final int batchesPerEpoch;
    private long nextStep;
    private long shuffledEpoch = -1;
    private int[] order;

    /**
     * @param batchSize windows per batch; a corpus with fewer windows gives batches of all of them
     * @param seed seed of the shuffles
     * @param firstStep number of steps already taken (0 for a new run)
     */
    public WindowBatches(List<TrainingWindow> windows, int batchSize, long seed, long firstStep) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("Training needs at least one window.");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "The batch size must be at least 1, not " + batchSize + ".");
        }
        this.windows = windows;
        this.batchSize = Math.min(batchSize, windows.size());
        this.seed = seed;
        this.batchesPerEpoch = windows.size() / this.batchSize;
        this.nextStep = firstStep;
    }

    /** Windows in each batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Batches in one epoch. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public TrainingBatch next() {
        long epoch = nextStep / batchesPerEpoch;
        int batchInEpoch = (int) (nextStep % batchesPerEpoch);
        nextStep++;
        if (epoch != shuffledEpoch) {
            order = shuffledOrder(epoch);
            shuffledEpoch = epoch;
        }
        int[][] tokens = new int[batchSize][];
        int[][] matchLengths = new int[batchSize][];
        boolean matched = false;
        for (int b = 0; b < batchSize; b++) {
            TrainingWindow window = windows.get(order[batchInEpoch * batchSize + b]);
            tokens[b] = window.tokens();
            matchLengths[b] = window.matchLengths();
            matched |= window.matchLengths() != null;
        }
        return new TrainingBatch(tokens, matched ? matchLengths : null);
    }

    /** A Fisher-Yates shuffle seeded by the run's seed and the epoch. */
    private int[] shuffledOrder(long epoch) {
        int[] indices = new int[windows.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        for (int i = indices.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }
}
