package dev.scone.model.nn;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate for update number {@code n} (1-based, as DJL's optimisers count): rising linearly
 * to the peak over the warm-up, then following half a cosine down to the final rate at the last
 * step, and staying there.
 */
public final class WarmupCosineSchedule implements Tracker {

    private final float peak;
    private final float last;
    private final int warmupSteps;
    private final int totalSteps;

    public WarmupCosineSchedule(float peak, float last, int warmupSteps, int totalSteps) {
        this.peak = peak;
        this.last = last;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    /** The schedule a training configuration describes. */
    public static WarmupCosineSchedule of(TrainingConfig config) {
        return new WarmupCosineSchedule(
                config.learningRate(),
                config.finalLearningRate(),
                config.warmupSteps(),
                config.totalSteps());
    }

    @Override
    public float getNewValue(int numUpdate) {
        if (numUpdate <= warmupSteps) {
            return peak * numUpdate / warmupSteps;
        }
        int decaySteps = totalSteps - warmupSteps;
        if (decaySteps == 0 || numUpdate >= totalSteps) {
            return last;
        }
        double progress = (double) (numUpdate - warmupSteps) / decaySteps;
        return (float) (last + 0.5 * (peak - last) * (1 + Math.cos(Math.PI * progress)));
    }
}
