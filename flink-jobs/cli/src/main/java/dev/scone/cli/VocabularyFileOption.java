package dev.scone.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --vocab FILE} option of the commands that read a vocabulary file. */
final class VocabularyFileOption {

    @Option(
            names = "--vocab",
            required = true,
            paramLabel = "FILE",
            description = "Vocabulary file written by 'scone vocab build'. Required.")
    Path vocab;

    /** The file, after checking it exists, so a typo gets one clear sentence. */
    Path existing() {
        CommandIo.requireFile(vocab, "The vocabulary file");
        return vocab;
    }
}
