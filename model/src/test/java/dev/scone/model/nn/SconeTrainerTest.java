package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SconeTrainerTest {

    @TempDir Path dir;

    /** A small vocabulary keeps the output layer cheap so the run takes a few seconds. */
    private static SconeConfig smallVocabulary() {
        return TinyModels.config(1).withVocabSize(512);
    }

    /** Windows of a repeating pattern with some even runs, so f-grams match. */
    private static Iterator<TrainingBatch> batches(TinyModels.EvenFgramLookup lookup) {
        int[] pattern = {2, 4, 6, 9, 12, 14, 15, 20, 22, 24, 25, 30};
        return new Iterator<>() {
            private int offset;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public TrainingBatch next() {
                int[][] tokens = new int[4][16];
                int[][] matches = new int[4][];
                for (int b = 0; b < tokens.length; b++) {
                    for (int i = 0; i < tokens[b].length; i++) {
                        tokens[b][i] = pattern[(offset + b * 5 + i) % pattern.length];
                    }
                    matches[b] = lookup.matchLengths(tokens[b]);
                }
                offset++;
                return new TrainingBatch(tokens, matches);
            }
        };
    }

    private static final class RecordingReporter implements ProgressReporter {
        final List<String> statuses = new ArrayList<>();
        long steps;

        @Override
        public Progress start(String task, long total, String unit) {
            return new Progress() {
                @Override
                public void step(long amount) {
                    steps += amount;
                }

                @Override
                public void status(String status) {
                    statuses.add(status);
                }

                @Override
                public void close() {}
            };
        }
    }

    @Test
    void aShortRunLowersTheLoss() {
        try (SconeModel model = SconeModel.create(smallVocabulary(), Device.cpu())) {
            TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
            TrainingConfig config = TrainingConfig.defaults(1e-2f, 30);
            SconeTrainer trainer = new SconeTrainer(model, config);
            RecordingReporter reporter = new RecordingReporter();
            TrainingSummary summary = trainer.train(batches(lookup), 30, reporter);
            assertThat(summary.steps()).isEqualTo(30);
            assertThat(summary.finalLoss()).isLessThan(summary.firstLoss() * 0.7f);
            assertThat(summary.tokensPerSecond()).isPositive();
            assertThat(reporter.steps).isEqualTo(30);
            assertThat(reporter.statuses.get(29)).contains("loss").contains("tokens/s");
            assertThat(trainer.completedSteps()).isEqualTo(30);
        }
    }

    private static int arraysHeldBy(SconeModel model) {
        try (NDManager step = model.newManager()) {
            return step.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        try (SconeModel model = SconeModel.create(smallVocabulary(), Device.cpu())) {
            TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
            SconeTrainer trainer = new SconeTrainer(model, TrainingConfig.defaults(1e-3f, 10));
            Iterator<TrainingBatch> data = batches(lookup);
            trainer.step(data.next());
            int afterFirstStep = arraysHeldBy(model);
            for (int step = 0; step < 3; step++) {
                trainer.step(data.next());
            }
            assertThat(arraysHeldBy(model)).isEqualTo(afterFirstStep);
        }
    }

    @Test
    void gradientNormIsReportedBeforeClippingAndTheScheduleDrivesTheRate() {
        try (SconeModel model = SconeModel.create(smallVocabulary(), Device.cpu())) {
            TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
            TrainingConfig config =
                    new TrainingConfig(1e-3f, 1e-4f, 2, 10, 0.1f, 0.9f, 0.95f, 1e-8f, 1e-3f, 1L);
            SconeTrainer trainer = new SconeTrainer(model, config);
            Iterator<TrainingBatch> data = batches(lookup);
            StepResult first = trainer.step(data.next());
            StepResult second = trainer.step(data.next());
            assertThat(first.gradNorm()).isGreaterThan(config.maxGradNorm());
            assertThat(first.learningRate())
                    .isEqualTo(WarmupCosineSchedule.of(config).getNewValue(1));
            assertThat(second.step()).isEqualTo(2);
            assertThat(second.learningRate()).isEqualTo(config.learningRate());
        }
    }

    @Test
    void checkpointResumesAtTheSameStepWithTheSameWeights() throws IOException {
        try (SconeModel model = SconeModel.create(smallVocabulary(), Device.cpu())) {
            TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
            TrainingConfig config = TrainingConfig.defaults(5e-3f, 20);
            SconeTrainer trainer = new SconeTrainer(model, config);
            Iterator<TrainingBatch> data = batches(lookup);
            trainer.train(data, 3, ProgressReporter.silent());
            ModelCard card = ModelCard.of(model.config(), "ckpt", ModelCard.GPT2_TOKENIZER, "", 0);
            trainer.saveCheckpoint(dir, card);
            int[][] probe = {{2, 4, 6, 9, 12}};
            float[] before = TinyModels.logitsWithFgramEncoder(model, probe, null);

            TrainingCheckpoint checkpoint = TrainingCheckpoint.load(dir, Device.cpu());
            try (SconeModel restored = checkpoint.model()) {
                assertThat(checkpoint.completedSteps()).isEqualTo(3);
                assertThat(checkpoint.config()).isEqualTo(config);
                assertThat(checkpoint.card()).isEqualTo(card);
                float[] after = TinyModels.logitsWithFgramEncoder(restored, probe, null);
                assertThat(TinyModels.maxAbsDifference(before, after)).isZero();
                SconeTrainer resumed = checkpoint.newTrainer();
                StepResult next = resumed.step(data.next());
                assertThat(next.step()).isEqualTo(4);
                assertThat(next.learningRate())
                        .isCloseTo(WarmupCosineSchedule.of(config).getNewValue(4), within(0f));
            }
        }
    }

    private static java.util.Map<String, float[]> snapshot(SconeModel model) {
        java.util.Map<String, float[]> values = new java.util.LinkedHashMap<>();
        model.namedParameters()
                .forEach(
                        (name, parameter) -> values.put(name, parameter.getArray().toFloatArray()));
        return values;
    }

    @Test
    void aFrozenDecoderStaysExactlyAsLoadedWhileTheFgramModelLearns() {
        SconeConfig tied =
                new SconeConfig(
                        512,
                        32,
                        2,
                        4,
                        32,
                        5,
                        1,
                        2,
                        4,
                        0f,
                        7L,
                        SconeConfig.GELU_NEW,
                        1e-5f,
                        null,
                        true,
                        SconeConfig.READOUT_NORM);
        for (SconeConfig config : List.of(smallVocabulary(), tied)) {
            try (SconeModel model = SconeModel.create(config, Device.cpu())) {
                TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
                java.util.Map<String, float[]> before = snapshot(model);
                SconeTrainer trainer =
                        new SconeTrainer(
                                model, TrainingConfig.defaults(1e-2f, 5), 0, Freeze.DECODER);
                TrainingSummary summary =
                        trainer.train(batches(lookup), 5, ProgressReporter.silent());
                assertThat(summary.steps()).isEqualTo(5);
                java.util.Map<String, float[]> after = snapshot(model);
                int fgramTensors = 0;
                for (String name : before.keySet()) {
                    if (name.startsWith("fgram.")) {
                        fgramTensors++;
                        if (name.endsWith(".weight") && !name.contains("ln")) {
                            assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
                        }
                    } else {
                        assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
                    }
                }
                assertThat(fgramTensors).isPositive();
            }
        }
    }

    @Test
    void trainingJointlyMovesTheDecoderToo() {
        try (SconeModel model = SconeModel.create(smallVocabulary(), Device.cpu())) {
            TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
            java.util.Map<String, float[]> before = snapshot(model);
            new SconeTrainer(model, TrainingConfig.defaults(1e-2f, 3), 0, Freeze.NONE)
                    .train(batches(lookup), 3, ProgressReporter.silent());
            java.util.Map<String, float[]> after = snapshot(model);
            for (String name :
                    List.of("blocks.0.attn.qkv.weight", "lm_head.weight", "fgram.ln_f.bias")) {
                assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
            }
        }
    }

    @Test
    void freezingTheDecoderOfABaselineLeavesNothingToTrain() {
        try (SconeModel model =
                SconeModel.create(TinyModels.config(0).withVocabSize(512), Device.cpu())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () ->
                                    new SconeTrainer(
                                            model,
                                            TrainingConfig.defaults(1e-2f, 3),
                                            0,
                                            Freeze.DECODER))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("leaves nothing to train");
        }
    }
}
