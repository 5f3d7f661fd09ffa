package dev.scone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@code scone discover} refuses before it touches Kafka or starts a job. */
class DiscoverCommandTest {

    private static final Path BASELINE = Path.of("../../model/pretrained/baseline");

    @Test
    void refusesAModelWithoutAnFgramModelInOneSentence() {
        assertThat(Files.isDirectory(BASELINE)).isTrue();
        CommandRun run =
                CommandRun.of(
                        new DiscoverCommand(),
                        "--model",
                        BASELINE.toString(),
                        "--bootstrap-servers",
                        "127.0.0.1:1");

        assertThat(run.status()).isNotZero();
        assertThat(run.err())
                .contains("has no f-gram model A_F, so it cannot embed the n-grams discovery finds")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void refusesAMinimumCountBelowOne() {
        CommandRun run =
                CommandRun.of(
                        new DiscoverCommand(), "--model", BASELINE.toString(), "--min-count", "0");

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("--min-count must be 1 or more, not 0.");
    }

    @Test
    void helpListsTheOptionsOfTheIssue() {
        CommandRun run = CommandRun.of(new DiscoverCommand(), "--help");
        assertThat(run.out())
                .contains("--bootstrap-servers")
                .contains("--model")
                .contains("--kafka-properties")
                .contains("--min-count")
                .contains("--max-discovered")
                .contains("--window")
                .contains("--parallelism");
    }
}
