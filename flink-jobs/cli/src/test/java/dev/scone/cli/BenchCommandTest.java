package dev.scone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.bench.BenchmarkSuite;
import dev.scone.bench.BenchmarkSuites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code scone bench --help} shows, and that picocli can format it. */
class BenchCommandTest {

    @Test
    void theHelpListsEverySuiteAndFormatsWithoutPicocliWarnings() {
        PrintStream previousErr = System.err;
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        // picocli reports a description it cannot format on System.err, not through the command.
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        CommandRun run;
        try {
            run = CommandRun.of(new BenchCommand(), "--help");
        } finally {
            System.setErr(previousErr);
        }

        assertThat(run.status()).isZero();
        assertThat(systemErr.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(run.out()).contains("latency at 70% load");
        for (BenchmarkSuite suite : BenchmarkSuites.all()) {
            assertThat(run.out())
                    .as("the help's line for %s", suite.name())
                    .containsPattern("(?m)^  " + suite.name() + "( |$)");
        }
    }
}
