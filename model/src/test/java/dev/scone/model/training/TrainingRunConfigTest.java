package dev.scone.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunConfigTest {

    @Test
    void aFileGivesOnlyWhatDiffersFromTheDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(
                file,
                "{\"name\": \"small\", \"model\": {\"d\": 64, \"heads\": 8},"
                        + " \"training\": {\"steps\": 300}}");

        TrainingRunConfig config = TrainingRunConfig.load(file, List.of());
        TrainingRunConfig defaults = TrainingRunConfig.defaults();

        assertThat(config.name()).isEqualTo("small");
        assertThat(config.model().d()).isEqualTo(64);
        assertThat(config.model().heads()).isEqualTo(8);
        assertThat(config.model().layers()).isEqualTo(defaults.model().layers());
        assertThat(config.model().vocabSize()).isEqualTo(SconeConfig.GPT2_VOCAB_SIZE);
        assertThat(config.training().steps()).isEqualTo(300);
        assertThat(config.training().batchSize()).isEqualTo(defaults.training().batchSize());
        assertThat(config.data().train()).isEqualTo(defaults.data().train());
    }

    @Test
    void overridesApplyOnTopWithTheirTypes() {
        TrainingRunConfig config =
                TrainingRunConfig.parse(
                        "{\"training\": {\"steps\": 300}}",
                        List.of(
                                "training.steps=50",
                                "training.learningRate=3e-4",
                                "model.fgramLayers=0",
                                "data.train=a.txt,b.txt",
                                "data.vocabulary=var/vocab.avro",
                                "training.warmupSteps=7"));

        assertThat(config.training().steps()).isEqualTo(50);
        assertThat(config.training().learningRate()).isEqualTo(3e-4f);
        assertThat(config.baseline()).isTrue();
        assertThat(config.data().train()).containsExactly("a.txt", "b.txt");
        assertThat(config.data().vocabulary()).isEqualTo("var/vocab.avro");
        assertThat(config.trainingConfig(50).warmupSteps()).isEqualTo(7);
    }

    @Test
    void aConfigurationSurvivesItsJson() {
        TrainingRunConfig config = TrainingRunConfig.defaults().withOverrides(List.of("name=x"));
        assertThat(TrainingRunConfig.parse(config.toJson(), List.of())).isEqualTo(config);
    }

    @Test
    void unknownSettingsAreNamed() {
        assertThatThrownBy(() -> TrainingRunConfig.parse("{\"model\": {\"width\": 3}}", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown training setting 'model.width'.");
        assertThatThrownBy(() -> TrainingRunConfig.parse("{}", List.of("training.stepz=3")))
                .hasMessage("Unknown training setting 'training.stepz'.");
        assertThatThrownBy(() -> TrainingRunConfig.parse("{}", List.of("steps")))
                .hasMessageContaining("key=value");
    }

    @Test
    void badValuesAreExplainedInOneSentence() {
        assertThatThrownBy(() -> TrainingRunConfig.parse("{}", List.of("training.steps=many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The training setting 'training.steps' cannot be many; it takes a whole"
                                + " number.");
        assertThatThrownBy(() -> TrainingRunConfig.parse("{}", List.of("model.heads=3")))
                .hasMessage("The model width d=128 must be divisible by heads=3.");
        assertThatThrownBy(() -> TrainingRunConfig.parse("{", List.of()))
                .hasMessageStartingWith("The training configuration is not valid JSON");
        assertThatThrownBy(() -> TrainingRunConfig.parse("{}", List.of("name=no spaces")))
                .hasMessageContaining("model name");
    }

    @Test
    void aMissingFileIsReportedAsSuch(@TempDir Path dir) {
        assertThatThrownBy(() -> TrainingRunConfig.load(dir.resolve("none.json"), List.of()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aTokenBudgetSetsTheSteps() {
        TrainingRunConfig config =
                TrainingRunConfig.parse("{\"training\": {\"tokens\": 10000}}", List.of());
        // 4 windows of 25 predictions per step: 100 predictions, so 100 steps.
        assertThat(config.totalSteps(4, 25.0)).isEqualTo(100);
        assertThat(TrainingRunConfig.defaults().totalSteps(4, 25.0))
                .isEqualTo(TrainingRunConfig.defaults().training().steps());
    }

    @Test
    void derivedOptimiserDefaultsFollowThePaperRecipe() {
        TrainingRunConfig config = TrainingRunConfig.defaults();
        TrainingConfig optimizer = config.trainingConfig(400);
        TrainingConfig recipe = TrainingConfig.defaults(config.training().learningRate(), 400);
        assertThat(optimizer.warmupSteps()).isEqualTo(recipe.warmupSteps());
        assertThat(optimizer.finalLearningRate()).isEqualTo(recipe.finalLearningRate());
        assertThat(optimizer.totalSteps()).isEqualTo(400);
        assertThat(optimizer.seed()).isEqualTo(config.training().seed());
    }

    @Test
    void everySettingIsDocumented() {
        List<String> help = TrainingRunConfig.settingsHelp();
        assertThat(help).anySatisfy(line -> assertThat(line).startsWith("training.steps"));
        assertThat(help).anySatisfy(line -> assertThat(line).startsWith("model.fgramLayers"));
        assertThat(help)
                .anySatisfy(line -> assertThat(line).startsWith("data.vocabularyBuild.size"));
    }
}
