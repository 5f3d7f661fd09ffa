package dev.scone.tests.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.SconeCommand;
import dev.scone.process.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code scone demo} the way the README does, bounded by --seconds, and checks what it prints:
 * the broker and job start, the shipped model's table loads, every sample gets a result and the
 * malformed record a dead letter.
 */
class DemoCommandITCase {

    @Test
    void theDemoAnswersEverySampleAndDeadLettersTheMalformedRecord() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        assertThat(home.resolve("model/pretrained/scone/model-card.json")).exists();
        String previousHome = System.getProperty("scone.home");
        System.setProperty("scone.home", home.toString());
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try (PrintStream tee =
                new PrintStream(
                        new TeeStream(originalOut, captured), true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            status =
                    SconeCommand.execute(
                            "demo",
                            "--no-progress",
                            // A fresh home first exports the shipped table (230,655 f-grams
                            // through A_F), which takes minutes on two busy cores.
                            "--seconds",
                            "480",
                            "--kafka-port",
                            String.valueOf(LoopbackPorts.free()),
                            "--web-ui-port",
                            String.valueOf(LoopbackPorts.free()));
        } finally {
            System.setOut(originalOut);
            if (previousHome == null) {
                System.clearProperty("scone.home");
            } else {
                System.setProperty("scone.home", previousHome);
            }
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(status).as(output).isZero();
        assertThat(output)
                .contains("Starting Kafka (KRaft)")
                .contains("Flink job running; Web UI at http://127.0.0.1:")
                .contains("Table loaded:")
                .contains("dead letter  not a Document")
                .contains("Done.");
        for (String id :
                new String[] {
                    "score-news", "score-fortune", "score-science", "score-story",
                    "generate-story", "generate-news", "score-proverb", "generate-fortune"
                }) {
            assertThat(output)
                    .as("result for %s", id)
                    .containsPattern("(SCORE|GENERATE) +" + id + " ");
        }
        assertThat(output).doesNotContain("Stopping at --seconds");
        assertThat(Files.exists(home.resolve("var/demo/kafka"))).isTrue();
    }

    /** Writes to the console and keeps a copy for the assertions. */
    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream copy;

        TeeStream(PrintStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            console.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            console.write(bytes, offset, length);
            copy.write(bytes, offset, length);
        }
    }
}
