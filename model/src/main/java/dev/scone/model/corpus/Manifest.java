package dev.scone.model.corpus;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The record of one preparation, {@code manifest.json} in the prepared directory: the settings and
 * a digest of the raw input it was made from, and per corpus and split the file, counts and
 * document ids. It is written last, so its presence means the preparation finished.
 *
 * @param formatVersion version of the prepared layout and text normalisation
 * @param seed seed of the split shuffle
 * @param validationRatio share of each corpus's documents in validation
 * @param testRatio share of each corpus's documents in test
 * @param inputSha256 hex SHA-256 over the names and bytes of the raw files read
 * @param corpora the corpora, sorted by name
 */
public record Manifest(
        int formatVersion,
        long seed,
        double validationRatio,
        double testRatio,
        String inputSha256,
        List<CorpusManifest> corpora) {

    /** File name of the manifest inside the prepared directory. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    // An explicit line feed keeps the file byte-identical whatever the platform.
    private static final ObjectWriter WRITER =
            MAPPER.writer(
                    new DefaultPrettyPrinter()
                            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    public Manifest {
        corpora = List.copyOf(corpora);
    }

    /** The corpus named {@code name}, such as {@code brown-a}. */
    public Optional<CorpusManifest> corpus(String name) {
        return corpora.stream().filter(corpus -> corpus.name().equals(name)).findFirst();
    }

    /** Documents in {@code split} over all corpora. */
    public int documents(Split split) {
        return corpora.stream().mapToInt(corpus -> corpus.split(split).documents()).sum();
    }

    /** Reads a manifest written by {@link #write}. */
    public static Manifest read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), Manifest.class);
    }

    /** Writes this manifest to {@code file}, replacing it atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toJson());
    }

    byte[] toJson() throws IOException {
        byte[] json = WRITER.writeValueAsBytes(this);
        byte[] withNewline = new byte[json.length + 1];
        System.arraycopy(json, 0, withNewline, 0, json.length);
        withNewline[json.length] = '\n';
        return withNewline;
    }
}
