package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {

    private static final int STEPS = 8;
    private static final int SAVED_AT = 3;

    @TempDir Path dir;

    /** Width 16, a 64-token vocabulary, one decoder layer and a one-layer A_F: seconds to train. */
    private static SconeConfig tiny() {
        return new SconeConfig(64, 16, 1, 2, 16, 5, 1, 2, 2, 0f, 7L);
    }

    /** Warm-up and decay both fall inside the run, so the schedule matters on both sides. */
    private static TrainingConfig optimizer() {
        return new TrainingConfig(1e-2f, 1e-3f, 2, STEPS, 0.1f, 0.9f, 0.95f, 1e-8f, 1.0f, 5L);
    }

    /** Batch {@code index} of a fixed sequence: tokens below 64 with runs of even ids (f-grams). */
    private static TrainingBatch batch(TinyModels.EvenFgramLookup lookup, int index) {
        int[] pattern = {2, 4, 6, 9, 12, 14, 15, 20, 22, 24, 25, 30, 40, 41, 42, 44};
        int[][] tokens = new int[3][12];
        int[][] matches = new int[tokens.length][];
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < tokens[b].length; i++) {
                tokens[b][i] = pattern[(index * 3 + b * 5 + i) % pattern.length];
            }
            matches[b] = lookup.matchLengths(tokens[b]);
        }
        return new TrainingBatch(tokens, matches);
    }

    private static void train(SconeTrainer trainer, int fromStep, int toStep) {
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(trainer.model(), false);
        for (int step = fromStep; step < toStep; step++) {
            trainer.step(batch(lookup, step));
        }
    }

    private static Map<String, float[]> weightsOf(SconeModel model) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        model.namedParameters()
                .forEach((name, p) -> weights.put(name, p.getArray().toFloatArray()));
        return weights;
    }

    private static float maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
        assertThat(a.keySet()).containsExactlyElementsOf(b.keySet());
        float max = 0;
        for (String name : a.keySet()) {
            max = Math.max(max, TinyModels.maxAbsDifference(a.get(name), b.get(name)));
        }
        return max;
    }

    private static ModelCard card(SconeModel model) {
        return ModelCard.of(model.config(), "checkpoint", ModelCard.GPT2_TOKENIZER, "", 0);
    }

    /** Trains SAVED_AT steps, saves a checkpoint and returns the weights after all STEPS. */
    private Map<String, float[]> trainStraightSavingHalfway() throws IOException {
        try (SconeModel model = SconeModel.create(tiny(), Device.cpu())) {
            SconeTrainer trainer = new SconeTrainer(model, optimizer());
            train(trainer, 0, SAVED_AT);
            trainer.saveCheckpoint(dir, card(model));
            train(trainer, SAVED_AT, STEPS);
            return weightsOf(model);
        }
    }

    @Test
    void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws IOException {
        Map<String, float[]> straight = trainStraightSavingHalfway();
        assertThat(dir.resolve(TrainingCheckpoint.OPTIMIZER_FILE)).isRegularFile();

        TrainingCheckpoint checkpoint = TrainingCheckpoint.load(dir, Device.cpu());
        try (SconeModel restored = checkpoint.model()) {
            assertThat(checkpoint.hasOptimizerState()).isTrue();
            SconeTrainer resumed = checkpoint.newTrainer();
            assertThat(resumed.completedSteps()).isEqualTo(SAVED_AT);
            assertThat(resumed.optimizer().steps()).isEqualTo(SAVED_AT);
            train(resumed, SAVED_AT, STEPS);
            assertThat(maxDifference(weightsOf(restored), straight)).isLessThanOrEqualTo(1e-6f);
        }
    }

    @Test
    void aCheckpointWithoutMomentsStillResumesWithThemAtZero() throws IOException {
        Map<String, float[]> straight = trainStraightSavingHalfway();
        Files.delete(dir.resolve(TrainingCheckpoint.OPTIMIZER_FILE));

        TrainingCheckpoint checkpoint = TrainingCheckpoint.load(dir, Device.cpu());
        try (SconeModel restored = checkpoint.model()) {
            assertThat(checkpoint.hasOptimizerState()).isFalse();
            SconeTrainer resumed = checkpoint.newTrainer();
            assertThat(resumed.completedSteps()).isEqualTo(SAVED_AT);
            assertThat(resumed.optimizer().steps()).isZero();
            StepResult next =
                    resumed.step(batch(new TinyModels.EvenFgramLookup(restored, false), SAVED_AT));
            assertThat(next.step()).isEqualTo(SAVED_AT + 1);
            assertThat(next.learningRate())
                    .isEqualTo(WarmupCosineSchedule.of(optimizer()).getNewValue(SAVED_AT + 1));
            assertThat(resumed.optimizer().steps()).isEqualTo(1);
            train(resumed, SAVED_AT + 1, STEPS);
            // Fresh moments take other steps than the saved ones would have.
            assertThat(maxDifference(weightsOf(restored), straight)).isGreaterThan(1e-5f);
        }
    }
}
