package dev.scone.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.ExitCodes;
import dev.scone.cli.SconeCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code scone} invocation in this JVM, exactly as the launcher runs it (global options, error
 * handling, exit status), with the given standard input and what it wrote to standard output and
 * standard error.
 */
final class SconeRun {

    final int status;
    final String out;
    final String err;

    private SconeRun(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code scone ARGS} with {@code stdin} as standard input. */
    static SconeRun of(String stdin, String... args) {
        InputStream originalIn = System.in;
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = SconeCommand.execute(args);
            return new SconeRun(
                    status,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(originalIn);
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** Asserts that the run refused as a user error: exit status 2, {@code message} its stderr. */
    void assertRefused(String message) {
        assertThat(status).as(err).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(err.strip()).isEqualTo(message);
    }
}
