package dev.scone.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SafetensorsReader;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    @TempDir Path dir;

    private TrainingRunConfig config(int steps, String... overrides) throws IOException {
        tinyCorpus("train.txt", 120, 1L);
        List<String> settings = new ArrayList<>();
        settings.add("name=tiny");
        settings.add("output=models/tiny");
        settings.add("model=" + TinyCorpus.config(1).toJson().replaceAll("\\s+", ""));
        settings.add("training.steps=" + steps);
        settings.add("training.batchSize=8");
        settings.add("training.learningRate=0.01");
        settings.add("training.checkpointEvery=5");
        settings.add("data.train=train.txt");
        settings.add("data.vocabularyBuild.minCount=3");
        settings.addAll(List.of(overrides));
        return TrainingRunConfig.parse("{}", settings);
    }

    /**
     * {@link TinyCorpus} of {@code documents} documents as {@code name} in the run's folder, once.
     */
    private void tinyCorpus(String name, int documents, long seed) throws IOException {
        Path corpus = dir.resolve(name);
        if (!Files.exists(corpus)) {
            TinyCorpus.write(corpus, documents, seed);
        }
    }

    /** The settings of a run that measures its validation loss on a second tiny corpus. */
    private TrainingRunConfig validated(int steps, String... overrides) throws IOException {
        tinyCorpus("valid.txt", 20, 9L);
        List<String> settings = new ArrayList<>();
        settings.add("data.validation=valid.txt");
        settings.add("training.validateEvery=5");
        // Well below the rate at which this tiny model can diverge.
        settings.add("training.learningRate=0.003");
        settings.addAll(List.of(overrides));
        return config(steps, settings.toArray(String[]::new));
    }

    private static List<ValidationCurve.Point> validationCurve(Path out, int lastStep)
            throws IOException {
        try (ValidationCurve curve =
                ValidationCurve.resume(out.resolve(TrainingRun.VALIDATION_CSV), lastStep)) {
            return List.copyOf(curve.points());
        }
    }

    private static Map<String, float[]> tensors(Path file) throws IOException {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (String name : reader.tensors().keySet()) {
                tensors.put(name, reader.readFloats(name));
            }
        }
        return tensors;
    }

    private TrainingRun run(TrainingRunConfig config) {
        return new TrainingRun(config, dir).vocabularyBuilder(TinyCorpus.builder());
    }

    private static double meanLoss(List<LossCurve.Point> points) {
        return points.stream().mapToDouble(LossCurve.Point::loss).average().orElseThrow();
    }

    @Test
    void aShortRunLowersTheLossAndWritesALoadableModel() throws IOException {
        TrainingOutcome outcome = run(config(40)).run(false, "scone train --steps 40");

        Path out = dir.resolve("models/tiny");
        assertThat(outcome.modelDir()).isEqualTo(out);
        assertThat(outcome.steps()).isEqualTo(40);
        assertThat(outcome.tokensSeen()).isPositive();

        List<LossCurve.Point> points;
        try (LossCurve curve = LossCurve.resume(out.resolve(TrainingRun.LOSS_CSV), 40)) {
            points = curve.points();
        }
        assertThat(points).extracting(LossCurve.Point::step).hasSize(40).startsWith(1).endsWith(40);
        assertThat(meanLoss(points.subList(35, 40)))
                .isLessThan(meanLoss(points.subList(0, 5)) * 0.8);
        assertThat(points.get(39).tokens()).isEqualTo(outcome.tokensSeen());
        assertThat(Files.size(out.resolve(TrainingRun.LOSS_PNG))).isPositive();

        ModelCard card = SconeModelIO.readCard(out);
        FgramVocabulary vocabulary =
                FgramVocabularyFile.read(out.resolve(SconeModelIO.VOCABULARY_FILE));
        assertThat(card.config()).isEqualTo(TinyCorpus.config(1));
        assertThat(card.modelVersion()).startsWith("tiny-").endsWith("-step40");
        assertThat(card.vocabularyFingerprint()).isEqualTo(vocabulary.fingerprint());
        assertThat(card.fgramCount()).isEqualTo(vocabulary.size()).isPositive();
        try (SconeModel model = SconeModelIO.load(out)) {
            assertThat(model.hasFgramEncoder()).isTrue();
        }

        TrainingRecord record = TrainingRecord.read(out);
        assertThat(record.steps()).isEqualTo(40);
        assertThat(record.tokensSeen()).isEqualTo(outcome.tokensSeen());
        assertThat(record.commands())
                .extracting(Invocation::command)
                .containsExactly("scone train --steps 40");
        assertThat(record.corpus().matchedFraction()).isPositive();
        assertThat(record.vocabulary().fingerprint()).isEqualTo(vocabulary.fingerprint());
        assertThat(record.machine().cores()).isPositive();
    }

    @Test
    void aResumeContinuesTheStepCount() throws IOException {
        run(config(10)).run(false, "first");

        TrainingOutcome resumed = run(config(20)).run(true, "second");

        assertThat(resumed.steps()).isEqualTo(20);
        assertThat(resumed.stepsThisInvocation()).isEqualTo(10);
        Path out = dir.resolve("models/tiny");
        try (LossCurve curve = LossCurve.resume(out.resolve(TrainingRun.LOSS_CSV), 100)) {
            assertThat(curve.points())
                    .extracting(LossCurve.Point::step)
                    .containsExactly(
                            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        }
        TrainingRecord record = TrainingRecord.read(out);
        assertThat(record.commands())
                .extracting(Invocation::command)
                .containsExactly("first", "second");
        assertThat(record.commands()).extracting(Invocation::fromStep).containsExactly(0, 10);
        assertThat(SconeModelIO.readCard(out).modelVersion()).endsWith("-step20");
    }

    @Test
    void aCheckpointWithoutMomentsResumesWithAOneLineWarning() throws IOException {
        run(config(5)).run(false, "first");
        Path checkpoint = dir.resolve("models/tiny").resolve(TrainingRun.CHECKPOINT_DIR);
        Files.delete(checkpoint.resolve(TrainingCheckpoint.OPTIMIZER_FILE));

        List<String> lines = new ArrayList<>();
        TrainingOutcome resumed = run(config(8)).log(lines::add).run(true, "second");

        assertThat(resumed.steps()).isEqualTo(8);
        assertThat(lines)
                .filteredOn(line -> line.startsWith("Warning:"))
                .singleElement()
                .satisfies(
                        line ->
                                assertThat(line)
                                        .contains(TrainingCheckpoint.OPTIMIZER_FILE)
                                        .contains("restart from zero")
                                        .doesNotContain("\n"));
        assertThat(checkpoint.resolve(TrainingCheckpoint.OPTIMIZER_FILE)).isRegularFile();
    }

    @Test
    void aFinishedRunIsNotOverwrittenAndNothingIsResumedFromNothing() throws IOException {
        assertThatThrownBy(() -> run(config(3)).run(true, "resume"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no checkpoint");
        run(config(3)).run(false, "first");
        assertThatThrownBy(() -> run(config(3)).run(false, "again"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds a training run");
    }

    @Test
    void aVocabularyCountedOverAnotherCorpusIsRefused() throws IOException {
        Path other = TinyCorpus.write(dir.resolve("other.txt"), 30, 2L);
        Path vocabulary = dir.resolve("other.avro");
        FgramVocabularyFile.write(vocabulary, TinyCorpus.vocabulary(List.of(other), 5, 3, 0));

        assertThatThrownBy(() -> run(config(3, "data.vocabulary=other.avro")).run(false, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("build the vocabulary from the training corpus alone");
    }

    @Test
    void aBaselineTrainsTheSameDecoderWithoutFgrams() throws IOException {
        TrainingOutcome outcome = run(config(5, "model.fgramLayers=0")).run(false, "baseline");

        ModelCard card = outcome.card();
        assertThat(card.config().hasFgramEncoder()).isFalse();
        assertThat(card.vocabularyFingerprint()).isEmpty();
        assertThat(card.fgramCount()).isZero();
        assertThat(outcome.modelDir().resolve(SconeModelIO.VOCABULARY_FILE)).doesNotExist();
        assertThat(TrainingRecord.read(outcome.modelDir()).vocabulary()).isNull();
    }

    @Test
    void validationLossIsMeasuredAtIntervalsAndTheBestWeightsAreKept() throws IOException {
        TrainingOutcome outcome = run(validated(20)).run(false, "validated");

        Path out = outcome.modelDir();
        List<ValidationCurve.Point> points = validationCurve(out, 20);
        assertThat(points).extracting(ValidationCurve.Point::step).containsExactly(5, 10, 15, 20);
        assertThat(points).allSatisfy(point -> assertThat(point.loss()).isPositive().isFinite());
        // Twenty steps at this rate still improve on the random start.
        assertThat(points.get(3).loss()).isLessThan(points.get(0).loss());
        ValidationCurve.Point best =
                points.stream().min((a, b) -> Float.compare(a.loss(), b.loss())).orElseThrow();
        assertThat(outcome.bestStep()).isEqualTo(best.step());
        // The CSV keeps six decimals.
        assertThat(outcome.bestValidationLoss()).isCloseTo(best.loss(), within(1e-5f));
        assertThat(outcome.stoppedEarly()).isFalse();
        assertThat(SconeModelIO.readCard(out).modelVersion()).endsWith("-step" + best.step());

        TrainingRecord record = TrainingRecord.read(out);
        assertThat(record.validation().measurements()).isEqualTo(4);
        assertThat(record.validation().bestStep()).isEqualTo(best.step());
        assertThat(record.validation().windows()).isPositive();
        assertThat(record.stepTime().steps()).isEqualTo(20);
        assertThat(record.stepTime().forward()).isPositive();
        assertThat(record.stepTime().backward()).isPositive();
    }

    @Test
    void earlyStoppingEndsARunWhoseValidationLossNoLongerImproves() throws IOException {
        // At this rate no weight moves by a float's resolution, so the loss never improves on
        // the first measurement.
        String[] frozen = {"training.learningRate=1e-12", "training.patience=2"};

        TrainingOutcome outcome = run(validated(40, frozen)).run(false, "frozen");

        assertThat(outcome.stoppedEarly()).isTrue();
        assertThat(outcome.steps()).isEqualTo(15);
        assertThat(outcome.bestStep()).isEqualTo(5);
        assertThat(validationCurve(outcome.modelDir(), 40))
                .extracting(ValidationCurve.Point::step)
                .containsExactly(5, 10, 15);
        assertThat(SconeModelIO.readCard(outcome.modelDir()).modelVersion()).endsWith("-step5");

        TrainingOutcome again = run(validated(40, frozen)).run(true, "same patience");
        assertThat(again.stepsThisInvocation()).isZero();
        assertThat(again.stoppedEarly()).isTrue();

        TrainingOutcome patient =
                run(validated(40, "training.learningRate=1e-12", "training.patience=3"))
                        .run(true, "more patience");
        assertThat(patient.stepsThisInvocation()).isEqualTo(5);
        assertThat(patient.steps()).isEqualTo(20);
        assertThat(patient.stoppedEarly()).isTrue();
    }

    @Test
    void aRunInTwoPartsEndsInTheStateOfOneRunStraightThrough() throws IOException {
        TrainingOutcome straight =
                run(validated(20, "output=models/straight")).run(false, "straight");
        TrainingOutcome first =
                run(validated(20, "output=models/parts")).limit(7, null).run(false, "part one");
        assertThat(first.steps()).isEqualTo(7);
        assertThat(SconeModelIO.readCard(first.modelDir()).modelVersion()).endsWith("-step5");

        TrainingOutcome parts = run(validated(20, "output=models/parts")).run(true, "part two");

        assertThat(parts.steps()).isEqualTo(20);
        assertThat(parts.stepsThisInvocation()).isEqualTo(13);
        assertThat(parts.tokensSeen()).isEqualTo(straight.tokensSeen());
        // The same steps on the same batches from the same state; the CPU kernels' float
        // results may still differ in the last bits between processes and runs (their blocking
        // can depend on how buffers are aligned), so values are compared closely, not bit for bit.
        assertThat(parts.finalLoss()).isCloseTo(straight.finalLoss(), within(1e-3f));
        assertThat(parts.bestStep()).isEqualTo(straight.bestStep());
        List<ValidationCurve.Point> partsCurve = validationCurve(parts.modelDir(), 20);
        List<ValidationCurve.Point> straightCurve = validationCurve(straight.modelDir(), 20);
        assertThat(partsCurve)
                .extracting(ValidationCurve.Point::step, ValidationCurve.Point::tokens)
                .isEqualTo(
                        straightCurve.stream()
                                .map(
                                        point ->
                                                org.assertj.core.groups.Tuple.tuple(
                                                        point.step(), point.tokens()))
                                .toList());
        for (int i = 0; i < straightCurve.size(); i++) {
            assertThat(partsCurve.get(i).loss())
                    .isCloseTo(straightCurve.get(i).loss(), within(1e-3f));
        }
        Path weights = Path.of(TrainingRun.CHECKPOINT_DIR, "model.safetensors");
        Map<String, float[]> expected = tensors(straight.modelDir().resolve(weights));
        Map<String, float[]> actual = tensors(parts.modelDir().resolve(weights));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach(
                (name, values) ->
                        assertThat(actual.get(name))
                                .as(name)
                                .containsExactly(values, within(1e-4f)));
    }

    @Test
    void epochsSetTheStepsFromTheBatchesPerEpoch() throws IOException {
        TrainingOutcome outcome = run(config(1000, "training.epochs=2")).run(false, "epochs");

        TrainingRecord record = TrainingRecord.read(outcome.modelDir());
        int batchesPerEpoch = record.corpus().windows() / 8;
        assertThat(outcome.steps()).isEqualTo(2 * batchesPerEpoch);
    }

    @Test
    void earlyStoppingWithoutValidationIsRefused() {
        assertThatThrownBy(() -> config(10, "training.patience=3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs data.validation");
    }

    @Test
    void aRangeTestSweepsTheRateGeometricallyAndWritesItsCurve() throws IOException {
        Path out = dir.resolve("range");

        LearningRateRangeTest test = run(config(1)).rangeTest(1e-5f, 10f, 40, out);

        assertThat(test.points()).isNotEmpty();
        assertThat(test.points().get(0).learningRate()).isEqualTo(1e-5f);
        for (int i = 1; i < test.points().size(); i++) {
            assertThat(test.points().get(i).learningRate())
                    .isGreaterThan(test.points().get(i - 1).learningRate());
        }
        // A rate of 10 is far too high for any model: the loss turns before the end.
        assertThat(test.minimumLossRate()).isBetween(1e-5f, 10f).isLessThan(10f);
        assertThat(test.suggestedRate()).isEqualTo(test.minimumLossRate() / 10);
        assertThat(test.steepestRate()).isLessThanOrEqualTo(test.minimumLossRate());
        assertThat(test.meanStepTimes().forwardSeconds()).isPositive();
        assertThat(Files.readAllLines(out.resolve(LearningRateRangeTest.CSV)))
                .hasSize(test.points().size() + 1)
                .first()
                .isEqualTo(LearningRateRangeTest.HEADER);
        assertThat(Files.size(out.resolve(LearningRateRangeTest.PNG))).isPositive();
        assertThat(LearningRateRangeTest.rate(1e-4f, 1e-2f, 3, 3)).isCloseTo(1e-2f, within(1e-8f));
        assertThat(LearningRateRangeTest.rate(1e-4f, 1e-2f, 2, 3)).isCloseTo(1e-3f, within(1e-8f));
    }
}
