package dev.scone.model.nn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scone.model.files.JsonFiles;

/**
 * Optimiser and schedule settings for {@link SconeTrainer}: AdamW with decoupled weight decay,
 * linear warm-up then cosine decay of the learning rate, and clipping of the global gradient norm.
 *
 * @param learningRate peak learning rate, reached at the end of warm-up
 * @param finalLearningRate learning rate at {@code totalSteps} and after
 * @param warmupSteps steps of linear warm-up from 0
 * @param totalSteps steps of the whole run, warm-up included
 * @param weightDecay decoupled weight decay for matrices (LayerNorm gains and biases get none)
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param epsilon AdamW's denominator guard
 * @param maxGradNorm the global gradient norm is scaled down to this when above it; 0 disables
 * @param seed seed for dropout and anything else random in training
 */
public record TrainingConfig(
        float learningRate,
        float finalLearningRate,
        int warmupSteps,
        int totalSteps,
        float weightDecay,
        float beta1,
        float beta2,
        float epsilon,
        float maxGradNorm,
        long seed) {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Validates the ranges. */
    public TrainingConfig {
        if (!(learningRate > 0) || !(finalLearningRate >= 0)) {
            throw new IllegalArgumentException(
                    "Learning rates must be positive (the final one may be 0).");
        }
        if (totalSteps <= 0 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException(
                    "totalSteps must be positive and warmupSteps between 0 and totalSteps, not "
                            + totalSteps
                            + " and "
                            + warmupSteps
                            + ".");
        }
        if (weightDecay < 0 || maxGradNorm < 0) {
            throw new IllegalArgumentException("weightDecay and maxGradNorm must not be negative.");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException(
                    "AdamW needs betas in [0, 1) and a positive epsilon.");
        }
    }

    /**
     * The paper's recipe for a run of {@code totalSteps}: AdamW (0.9, 0.95), weight decay 0.1, peak
     * learning rate {@code learningRate} decaying to a tenth of it, 10% warm-up (at most 1000
     * steps), gradient norm clipped at 1.
     */
    public static TrainingConfig defaults(float learningRate, int totalSteps) {
        int warmup = Math.min(1000, Math.max(0, totalSteps / 10));
        return new TrainingConfig(
                learningRate,
                learningRate / 10,
                warmup,
                totalSteps,
                0.1f,
                0.9f,
                0.95f,
                1e-8f,
                1.0f,
                42L);
    }

    /** This configuration as indented JSON. */
    public String toJson() {
        return JsonFiles.write(JSON, this, "A training configuration");
    }

    /**
     * Reads a configuration written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException if the text is not a valid configuration
     */
    public static TrainingConfig fromJson(String json) {
        return JsonFiles.read(
                JSON, json, TrainingConfig.class, "The training configuration is not valid");
    }
}
