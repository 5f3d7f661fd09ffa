package dev.scone.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    @TempDir Path dir;

    private TrainingRunConfig config(int steps, String... overrides) throws IOException {
        Path corpus = dir.resolve("train.txt");
        if (!Files.exists(corpus)) {
            TinyCorpus.write(corpus, 120, 1L);
        }
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
}
