package dev.scone.flink.vocabulary;

import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.fgram.SuffixClosure;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The client side of a build: turns the ranked rows the job streamed back into the vocabulary file
 * and its summary.
 *
 * <p>Holds the kept rows in memory (about 100 bytes each), the same order of memory that anyone
 * using the vocabulary needs to load it; the counting itself happened in Flink's managed memory.
 */
final class VocabularyOutput {

    private VocabularyOutput() {}

    /**
     * Repairs suffix closure, writes the vocabulary file (through a temporary file, so a failed
     * build never leaves a half-written one) and its summary JSON.
     *
     * @param ranked the kept rows in ranking order; suffix-closure repairs remove from it
     * @param startNanos {@link System#nanoTime()} when the build started
     */
    static VocabularyBuildSummary write(
            VocabularyJobConfig config,
            List<CountedFgram> ranked,
            CorpusSize corpus,
            List<PassStatistics> passes,
            long startNanos)
            throws IOException {
        int removed = SuffixClosure.enforce(ranked);
        FgramVocabulary vocabulary =
                FgramVocabulary.builder()
                        .tokenizer(Gpt2Tokenizer.NAME)
                        .maxN(config.maxN())
                        .minCount(config.minCount())
                        .requestedSize(config.size())
                        .corpus(corpus.tokens(), corpus.documents())
                        .createdAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                        .addAll(ranked)
                        .build();
        if (!vocabulary.isSuffixClosed()) {
            throw new IllegalStateException(
                    "The vocabulary is not suffix closed after repairing it; this is a bug.");
        }

        Path out = config.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        FgramVocabularyFile.write(partial, vocabulary);
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);

        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        VocabularyBuildSummary summary =
                new VocabularyBuildSummary(
                        out, vocabulary.metadata(), config, passes, removed, wallSeconds);
        summary.writeJson(config.summaryFile());
        return summary;
    }

    /** Size of the corpus the job read. */
    record CorpusSize(long tokens, long documents) {}
}
