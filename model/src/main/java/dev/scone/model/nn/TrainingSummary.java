package dev.scone.model.nn;

/**
 * Totals of a {@link SconeTrainer#train} run.
 *
 * @param steps optimiser steps taken
 * @param tokens next-token predictions trained on
 * @param seconds wall-clock time
 * @param firstLoss loss of the first step
 * @param finalLoss loss of the last step
 */
public record TrainingSummary(
        int steps, long tokens, double seconds, float firstLoss, float finalLoss) {

    /** Training throughput over the whole run. */
    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : 0;
    }
}
