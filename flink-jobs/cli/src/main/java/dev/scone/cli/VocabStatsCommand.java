package dev.scone.cli;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.fgram.VocabularyMetadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scone vocab stats}: what a vocabulary file holds and how it was made. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description =
                "Summarise an f-gram vocabulary file: size, f-grams per length, count at the cut,"
                        + " corpus, fingerprint and whether it is suffix closed.")
final class VocabStatsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin VocabularyFileOption vocabularyFile;

    @Override
    public Integer call() throws IOException {
        Path vocab = vocabularyFile.existing();
        FgramVocabulary vocabulary = FgramVocabularyFile.read(vocab);
        VocabularyMetadata metadata = vocabulary.metadata();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("vocabulary        %s%n", vocab);
        out.printf("  f-grams         %,d%n", vocabulary.size());
        for (int n = 2; n <= metadata.maxN(); n++) {
            out.printf("  length %d        %,d%n", n, metadata.kept(n));
        }
        out.printf("  count at cut    %,d%n", metadata.countAtCut());
        out.printf(
                "  settings        K = %d, min count = %,d, size = %s%n",
                metadata.maxN(),
                metadata.minCount(),
                metadata.requestedSize() == 0
                        ? "all"
                        : String.format("%,d", metadata.requestedSize()));
        out.printf(
                "  corpus          %,d tokens in %,d documents%n",
                metadata.corpusTokens(), metadata.corpusDocuments());
        out.printf("  tokenizer       %s%n", metadata.tokenizer());
        out.printf("  created         %s%n", metadata.createdAt());
        out.printf("  format version  %d%n", metadata.formatVersion());
        out.printf("  fingerprint     %s%n", vocabulary.fingerprint());
        out.printf("  suffix closed   %s%n", vocabulary.isSuffixClosed() ? "yes" : "no");
        out.flush();
        return ExitCodes.OK;
    }
}
