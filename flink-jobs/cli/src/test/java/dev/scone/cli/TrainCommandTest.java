package dev.scone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code scone train} reads its configuration file; no training happens here. */
class TrainCommandTest {

    @TempDir Path dir;

    private static CommandRun train(String... args) {
        return CommandRun.of(new TrainCommand(), args);
    }

    @Test
    void aYamlConfigurationIsReadAndCheckedLikeJson() throws IOException {
        Path yaml = Files.writeString(dir.resolve("run.yaml"), "model:\n  width: 3\n");
        Path json = Files.writeString(dir.resolve("run.json"), "{\"model\": {\"width\": 3}}");

        CommandRun fromYaml = train("--config", yaml.toString());
        CommandRun fromJson = train("--config", json.toString());

        assertThat(fromYaml.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(fromYaml.err()).contains("Unknown training setting 'model.width'.");
        assertThat(fromJson.err().replace(json.toString(), yaml.toString()))
                .isEqualTo(fromYaml.err());
    }

    @Test
    void aConfigurationOfAnotherKindGetsOneSentence() throws IOException {
        Path toml = Files.writeString(dir.resolve("run.toml"), "name = 'x'\n");

        CommandRun run = train("--config", toml.toString());

        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err()).contains("must be a .json, .yaml or .yml file.");
    }

    @Test
    void theHelpNamesBothFormats() {
        CommandRun help = train("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("YAML").contains(".yml").contains("JSON");
    }
}
