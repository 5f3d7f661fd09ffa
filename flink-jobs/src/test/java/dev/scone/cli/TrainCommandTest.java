package dev.scone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code scone train} reads its configuration file; no training happens here. */
class TrainCommandTest {

    @TempDir Path dir;

    private record Run(int status, String out, String err) {}

    private static Run train(String... args) {
        GlobalOptions options = new GlobalOptions(false, true);
        GlobalOptions.install(options);
        CommandLine commandLine = new CommandLine(new TrainCommand());
        commandLine.setExecutionExceptionHandler(new ErrorReporter(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void aYamlConfigurationIsReadAndCheckedLikeJson() throws IOException {
        Path yaml = Files.writeString(dir.resolve("run.yaml"), "model:\n  width: 3\n");
        Path json = Files.writeString(dir.resolve("run.json"), "{\"model\": {\"width\": 3}}");

        Run fromYaml = train("--config", yaml.toString());
        Run fromJson = train("--config", json.toString());

        assertThat(fromYaml.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(fromYaml.err()).contains("Unknown training setting 'model.width'.");
        assertThat(fromJson.err().replace(json.toString(), yaml.toString()))
                .isEqualTo(fromYaml.err());
    }

    @Test
    void aConfigurationOfAnotherKindGetsOneSentence() throws IOException {
        Path toml = Files.writeString(dir.resolve("run.toml"), "name = 'x'\n");

        Run run = train("--config", toml.toString());

        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err()).contains("must be a .json, .yaml or .yml file.");
    }

    @Test
    void theHelpNamesBothFormats() {
        Run help = train("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("YAML").contains(".yml").contains("JSON");
    }
}
