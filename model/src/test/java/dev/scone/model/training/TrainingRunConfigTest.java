package dev.scone.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void aYamlCopyOfTheShippedConfigurationLoadsEqually(@TempDir Path dir) throws IOException {
        Path json = Path.of("configs/scone.json");
        Path yaml = dir.resolve("scone.yaml");
        Files.writeString(yaml, new YAMLMapper().writeValueAsString(JSON.readTree(json.toFile())));

        assertThat(TrainingRunConfig.load(yaml, List.of()))
                .isEqualTo(TrainingRunConfig.load(json, List.of()));
        List<String> overrides = List.of("training.steps=7", "training.tokens=0", "name=copy");
        assertThat(TrainingRunConfig.load(yaml, overrides))
                .isEqualTo(TrainingRunConfig.load(json, overrides));
    }

    @Test
    void yamlTakesTheSameSettingsAsJson(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("small.yml");
        Files.writeString(
                yaml,
                """
                # A small run.
                name: small
                model: {d: 64, heads: 8}
                training:
                  steps: 300
                  epsilon: 1e-06
                  warmupSteps: null
                data:
                  train:
                    - a.txt
                    - b.txt
                """);

        assertThat(TrainingRunConfig.load(yaml, List.of()))
                .isEqualTo(
                        TrainingRunConfig.parse(
                                "{\"name\": \"small\", \"model\": {\"d\": 64, \"heads\": 8},"
                                        + " \"training\": {\"steps\": 300, \"epsilon\": 1e-6,"
                                        + " \"warmupSteps\": null},"
                                        + " \"data\": {\"train\": [\"a.txt\", \"b.txt\"]}}",
                                List.of()));
        assertThatThrownBy(() -> TrainingRunConfig.parseYaml("model:\n  width: 3\n", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown training setting 'model.width'.");
        assertThatThrownBy(() -> TrainingRunConfig.parseYaml("- a\n- b\n", List.of()))
                .hasMessage("The training configuration must be a YAML mapping of settings.");
        assertThatThrownBy(() -> TrainingRunConfig.parseYaml("model: {d: 64\n", List.of()))
                .hasMessageStartingWith("The training configuration is not valid YAML");
    }

    @Test
    void aFileOfAnotherKindIsRefusedByName(@TempDir Path dir) throws IOException {
        Path toml = dir.resolve("run.toml");
        Files.writeString(toml, "name = 'x'");
        assertThatThrownBy(() -> TrainingRunConfig.load(toml, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The training configuration "
                                + toml
                                + " must be a .json, .yaml or .yml file.");
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
