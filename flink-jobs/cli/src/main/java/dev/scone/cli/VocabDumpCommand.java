package dev.scone.cli;

import dev.scone.model.fgram.FgramVocabularyFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scone vocab dump}: every f-gram of a vocabulary file, one a line, in row order. */
@Command(
        name = "dump",
        mixinStandardHelpOptions = true,
        description =
                "Print an f-gram vocabulary file, one f-gram a line in rank order:"
                        + " COUNT<TAB>ID ID ...")
final class VocabDumpCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin VocabularyFileOption vocabularyFile;

    @Override
    public Integer call() throws IOException {
        Path vocab = vocabularyFile.existing();
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder line = new StringBuilder(64);
        // Streams the rows; print(), unlike println(), does not flush the writer on every line.
        FgramVocabularyFile.forEach(
                vocab,
                (gram, count) -> {
                    line.setLength(0);
                    line.append(count).append('\t');
                    for (int k = 0; k < gram.length; k++) {
                        if (k > 0) {
                            line.append(' ');
                        }
                        line.append(gram[k]);
                    }
                    out.print(line.append('\n'));
                });
        out.flush();
        return ExitCodes.OK;
    }
}
