package dev.scone.model.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads and writes corpus files: UTF-8 text, documents separated by one blank line, no blank line
 * inside a document, a final newline after the last document.
 */
public final class CorpusDocuments {

    /** File name ending of corpus files inside a split folder. */
    public static final String FILE_SUFFIX = ".txt";

    private CorpusDocuments() {}

    /** Returns the documents of one corpus file, in file order. */
    public static List<String> read(Path file) throws IOException {
        List<String> documents = new ArrayList<>();
        readFile(file, documents::add);
        return documents;
    }

    /**
     * Hands every document to {@code consumer} without holding the corpus in memory. A folder
     * stands for its corpus files ({@code *.txt}, not recursive) in file-name order, such as one
     * split of a prepared corpus directory.
     */
    public static void forEach(Path fileOrDir, Consumer<String> consumer) throws IOException {
        if (Files.isDirectory(fileOrDir)) {
            for (Path file : corpusFiles(fileOrDir)) {
                readFile(file, consumer);
            }
        } else {
            readFile(fileOrDir, consumer);
        }
    }

    /** The corpus files directly inside {@code dir}, sorted by name. */
    public static List<Path> corpusFiles(Path dir) throws IOException {
        return CorpusFolders.files(dir, name -> name.endsWith(FILE_SUFFIX));
    }

    /**
     * Writes {@code documents} to {@code file}, replacing it atomically.
     *
     * @throws IllegalArgumentException if a document is blank or holds a blank line or a carriage
     *     return, which would not read back as the same document
     */
    public static void write(Path file, List<String> documents) throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < documents.size(); i++) {
            String document = documents.get(i);
            requireWritable(document, i, file);
            if (i > 0) {
                content.append("\n\n");
            }
            content.append(document);
        }
        if (!documents.isEmpty()) {
            content.append('\n');
        }
        AtomicFiles.write(file, content.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void requireWritable(String document, int index, Path file) {
        if (document.isBlank()) {
            throw new IllegalArgumentException(
                    String.format("Document %d for %s is blank.", index, file));
        }
        if (document.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "Document %d for %s holds a carriage return; corpus files use \\n"
                                    + " only.",
                            index, file));
        }
        for (String line : document.split("\n", -1)) {
            if (line.isBlank()) {
                throw new IllegalArgumentException(
                        String.format(
                                "Document %d for %s holds a blank line, which would split it in"
                                        + " two when read back.",
                                index, file));
            }
        }
    }

    private static void readFile(Path file, Consumer<String> consumer) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no corpus file or folder");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder document = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    flush(document, consumer);
                } else {
                    if (document.length() > 0) {
                        document.append('\n');
                    }
                    document.append(line);
                }
            }
            flush(document, consumer);
        }
    }

    private static void flush(StringBuilder document, Consumer<String> consumer) {
        if (document.length() > 0) {
            consumer.accept(document.toString());
            document.setLength(0);
        }
    }
}
