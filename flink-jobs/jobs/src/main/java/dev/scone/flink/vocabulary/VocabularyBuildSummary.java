package dev.scone.flink.vocabulary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.model.fgram.VocabularyMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a vocabulary build, written as {@code OUT.summary.json} and printed at the end.
 *
 * <p>The JSON holds every {@link VocabularyMetadata} field at the top level, so {@link
 * VocabularyMetadata#readJson} reads it, plus the build's own facts: inputs, parallelism, the
 * passes, suffix-closure repairs and wall time.
 *
 * @param vocabularyFile the vocabulary file written
 * @param metadata the vocabulary's metadata, content fields included
 * @param config the settings the build ran with
 * @param passes one entry per counting pass, n = 2..K
 * @param suffixClosureRemovals f-grams dropped because their (n-1)-suffix was not kept
 * @param wallSeconds wall time of the whole build, writing included
 */
public record VocabularyBuildSummary(
        Path vocabularyFile,
        VocabularyMetadata metadata,
        VocabularyJobConfig config,
        List<PassStatistics> passes,
        int suffixClosureRemovals,
        double wallSeconds) {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public VocabularyBuildSummary {
        passes = List.copyOf(passes);
    }

    /** Number of f-grams in the vocabulary. */
    public long size() {
        return metadata.totalKept();
    }

    /** The summary as indented JSON. */
    public String toJson() {
        ObjectNode root = JSON.valueToTree(metadata);
        root.put("vocabularyFile", vocabularyFile.toString());
        root.put("size", size());
        ObjectNode keptByLength = root.putObject("keptByLength");
        for (int n = 2; n <= metadata.maxN(); n++) {
            keptByLength.put(Integer.toString(n), metadata.kept(n));
        }
        root.putPOJO("inputs", config.inputs());
        root.put("parallelism", config.parallelism());
        root.set("passes", JSON.valueToTree(passes));
        root.put("suffixClosureRemovals", suffixClosureRemovals);
        root.put("wallSeconds", wallSeconds);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The build summary could not be written as JSON.", e);
        }
    }

    /** Writes {@link #toJson()} to {@code path}, replacing any file there. */
    public void writeJson(Path path) throws IOException {
        Files.writeString(path, toJson() + System.lineSeparator());
    }

    /** The summary for people: a few aligned lines. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("f-gram vocabulary   %s%n", vocabularyFile));
        text.append(String.format("  f-grams           %,d%n", size()));
        StringBuilder perLength = new StringBuilder();
        for (int n = 2; n <= metadata.maxN(); n++) {
            perLength.append(String.format("%s%d: %,d", n == 2 ? "" : "   ", n, metadata.kept(n)));
        }
        text.append(String.format("  per length        %s%n", perLength));
        text.append(String.format("  count at cut      %,d%n", metadata.countAtCut()));
        text.append(
                String.format(
                        "  corpus            %,d tokens in %,d documents%n",
                        metadata.corpusTokens(), metadata.corpusDocuments()));
        text.append(
                String.format(
                        "  settings          K = %d, min count = %,d, size = %s, parallelism = %d%n",
                        metadata.maxN(),
                        metadata.minCount(),
                        metadata.requestedSize() == 0
                                ? "all"
                                : String.format("%,d", metadata.requestedSize()),
                        config.parallelism()));
        text.append(
                String.format(
                        "  suffix closed     yes (%,d removed to make it so)%n",
                        suffixClosureRemovals));
        text.append(String.format("  fingerprint       %s%n", metadata.fingerprint()));
        text.append(String.format("  wall time         %.1f s%n", wallSeconds));
        text.append(String.format("  summary           %s%n", config.summaryFile()));
        return text.toString();
    }
}
