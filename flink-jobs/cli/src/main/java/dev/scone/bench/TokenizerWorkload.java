package dev.scone.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The text the tokenizer benchmark encodes: the documents of the training corpus when it has been
 * prepared, otherwise a built-in English sample. Both the benchmark fork and the report read it
 * through here, so the bytes per operation the report divides by are the bytes the fork encoded.
 */
public final class TokenizerWorkload {

    /** Most characters taken from a corpus, so that one operation stays well under a second. */
    static final int MAX_CORPUS_CHARS = 8 << 20;

    /** Characters of built-in text per operation when there is no corpus. */
    static final int BUILT_IN_CHARS = 1 << 20;

    private static final String BUILT_IN_SAMPLE =
            """
            The ferry left the harbour a little after six, while the fog still lay in long grey \
            bands across the water. Most of the passengers stayed below with their coffee, but a \
            few stood at the rail and watched the lighthouse slide past, its lamp already dim \
            against the brightening sky.

            Nobody on the island could remember when the old mill had last turned. The wheel was \
            still there, green with moss, and in a dry summer you could see the channel that once \
            carried the stream beneath it. Children dared each other to cross the rotten \
            footbridge; their parents, who had done the same, pretended not to know.

            "We'll need another forty chairs," said the secretary, counting on her fingers, "and \
            somebody has to tell the caterers that the speeches start at eight, not half past." \
            The committee agreed, as it usually did, and went on to argue for an hour about the \
            colour of the tablecloths.

            In the spring of 1961 the council approved a budget of $2.4 million for new roads, \
            schools and a hospital wing. Critics said the figure was too small by half; supporters \
            replied that it was the largest sum the town had ever spent, and that it would be \
            spent carefully.

            A good recipe tells you what to do and also why: rest the dough so the gluten relaxes, \
            salt the water so the pasta tastes of something, let the pan get hot before the meat \
            goes in. Cooks who understand the reasons can improvise when the shop has run out of \
            an ingredient.

            The telescope's mirror had to be ground to within a few millionths of an inch. It took \
            two years, three broken blanks and the patience of a man who, his colleagues said, had \
            never once been seen to hurry. When the first image came through, he looked at it for \
            a long time and then went home to sleep.

            Q: What do you call a dog that does magic tricks?
            A: A labracadabrador.
            """;

    private TokenizerWorkload() {}

    /**
     * The text to encode and where it came from.
     *
     * @param documents the documents, encoded one by one as a service encodes requests
     * @param fromCorpus whether they come from the corpus rather than the built-in sample
     */
    public record Sample(List<String> documents, boolean fromCorpus) {

        public Sample {
            documents = List.copyOf(documents);
        }

        /** Total UTF-8 bytes, the unit of the reported MB/s. */
        public long utf8Bytes() {
            long bytes = 0;
            for (String document : documents) {
                bytes += document.getBytes(StandardCharsets.UTF_8).length;
            }
            return bytes;
        }
    }

    /**
     * The documents of the {@code .txt} files in {@code corpusDirectory} (sorted by name, documents
     * separated by blank lines) up to {@link #MAX_CORPUS_CHARS}, or the built-in sample when the
     * directory is null or holds no text.
     */
    public static Sample load(Path corpusDirectory) {
        List<String> corpus = corpusDirectory == null ? List.of() : readCorpus(corpusDirectory);
        return corpus.isEmpty() ? new Sample(builtInDocuments(), false) : new Sample(corpus, true);
    }

    private static List<String> builtInDocuments() {
        List<String> paragraphs = splitDocuments(BUILT_IN_SAMPLE.lines().toList());
        List<String> documents = new ArrayList<>();
        long chars = 0;
        while (chars < BUILT_IN_CHARS) {
            for (String paragraph : paragraphs) {
                documents.add(paragraph);
                chars += paragraph.length();
            }
        }
        return documents;
    }

    private static List<String> readCorpus(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> documents = new ArrayList<>();
        long chars = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file :
                    files.filter(path -> path.getFileName().toString().endsWith(".txt"))
                            .sorted()
                            .toList()) {
                for (String document :
                        splitDocuments(Files.readAllLines(file, StandardCharsets.UTF_8))) {
                    if (chars + document.length() > MAX_CORPUS_CHARS) {
                        return documents;
                    }
                    documents.add(document);
                    chars += document.length();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** Blank-line separated blocks of {@code lines}, each joined with {@code '\n'}. */
    static List<String> splitDocuments(List<String> lines) {
        List<String> documents = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                if (current.length() > 0) {
                    documents.add(current.toString());
                    current.setLength(0);
                }
            } else {
                if (current.length() > 0) {
                    current.append('\n');
                }
                current.append(line);
            }
        }
        if (current.length() > 0) {
            documents.add(current.toString());
        }
        return documents;
    }
}
