package dev.scone.flink.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scone vocab}: help, and one clear sentence for each mistake a user can make. */
class VocabCommandTest {

    @TempDir Path dir;

    @Test
    void buildHelpDescribesEveryOptionWithItsDefault() {
        CommandLineRun run = CommandLineRun.of("vocab", "build", "--help");

        assertThat(run.status()).isEqualTo(ExitCodes.OK);
        assertThat(run.out())
                .contains("--input", "--out", "--max-n", "--min-count", "--size", "--parallelism")
                .contains("(default: 5)", "(default: 0)");
    }

    @Test
    void listsItsSubcommands() {
        CommandLineRun run = CommandLineRun.of("vocab");

        assertThat(run.out()).contains("build", "stats", "dump");
    }

    @Test
    void rejectsAMissingInputPath() {
        Path missing = dir.resolve("no-such-corpus");

        CommandLineRun run = build("--input", missing.toString());

        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err()).contains("error: The input " + missing + " does not exist.");
    }

    @Test
    void rejectsAnOutOfRangeLength() throws Exception {
        CommandLineRun run = build("--input", corpus().toString(), "--max-n", "7");

        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err())
                .contains("error: The longest n-gram length must be between 2 and 5, not 7.");
    }

    @Test
    void rejectsANegativeSizeAndAZeroMinimumCount() throws Exception {
        CommandLineRun negativeSize = build("--input", corpus().toString(), "--size", "-1");
        CommandLineRun zeroMinimum = build("--input", corpus().toString(), "--min-count", "0");

        assertThat(negativeSize.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(negativeSize.err()).contains("The vocabulary size must be 0 (keep all)");
        assertThat(zeroMinimum.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(zeroMinimum.err()).contains("The minimum count must be at least 1, not 0.");
    }

    @Test
    void rejectsANumberThatIsNotANumber() throws Exception {
        CommandLineRun run = build("--input", corpus().toString(), "--min-count", "many");

        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err()).contains("--min-count", "many");
    }

    @Test
    void statsAndDumpRejectAMissingOrForeignFile() throws Exception {
        Path notAvro = Files.writeString(dir.resolve("notes.txt"), "not a vocabulary\n");
        Path missing = dir.resolve("missing.fgv");

        CommandLineRun statsOfMissing =
                CommandLineRun.of("vocab", "stats", "--vocab", missing.toString());
        CommandLineRun dumpOfText =
                CommandLineRun.of("vocab", "dump", "--vocab", notAvro.toString());

        assertThat(statsOfMissing.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(statsOfMissing.err()).contains(missing + " does not exist.");
        assertThat(dumpOfText.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(dumpOfText.err()).contains("is not an f-gram vocabulary");
    }

    private CommandLineRun build(String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "vocab";
        args[1] = "build";
        args[2] = "--out";
        args[3] = dir.resolve("out.fgv").toString();
        System.arraycopy(options, 0, args, 4, options.length);
        return CommandLineRun.of(args);
    }

    private Path corpus() throws Exception {
        return Files.writeString(dir.resolve("corpus.txt"), "one document\n\nanother one\n");
    }
}
