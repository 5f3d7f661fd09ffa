package dev.scone.flink.vocabulary;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Small corpora for tests: a handful of words and stock phrases, so that n-grams of every length
 * repeat often enough to be kept. Every document starts with "Alpha" and ends with " Omega", words
 * that occur nowhere else, so an n-gram counted across a document boundary would be easy to spot.
 */
final class SyntheticCorpus {

    static final String FIRST_WORD = "Alpha";
    static final String LAST_WORD = " Omega";

    private static final String[] WORDS = {"red", "green", "blue", "cat", "dog", "sun", "runs"};
    private static final String[] PHRASES = {
        "the red cat runs", "a blue dog", "the sun", "green green sun runs home"
    };

    private SyntheticCorpus() {}

    /** {@code count} documents of 15..90 words, some spread over several lines. */
    static List<String> documents(long seed, int count) {
        Random random = new Random(seed);
        List<String> documents = new ArrayList<>(count);
        for (int d = 0; d < count; d++) {
            StringBuilder text = new StringBuilder(FIRST_WORD);
            int words = 15 + random.nextInt(76);
            for (int w = 0; w < words; w++) {
                // A line break inside a document, never a blank line.
                text.append(random.nextInt(12) == 0 ? "\n" : " ");
                text.append(
                        random.nextBoolean()
                                ? PHRASES[random.nextInt(PHRASES.length)]
                                : WORDS[random.nextInt(WORDS.length)]);
            }
            documents.add(text.append(LAST_WORD).toString());
        }
        return documents;
    }

    /**
     * Writes {@code documents} round-robin into {@code files} corpus files under {@code dir}, the
     * odd-numbered ones in a subdirectory, gzip-compressed when {@code gzip} is set.
     */
    static void write(Path dir, List<String> documents, int files, boolean gzip)
            throws IOException {
        List<StringBuilder> contents = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            contents.add(new StringBuilder());
        }
        for (int d = 0; d < documents.size(); d++) {
            StringBuilder content = contents.get(d % files);
            if (!content.isEmpty()) {
                content.append(d % 3 == 0 ? "\n\n\n" : "\n\n");
            }
            content.append(documents.get(d));
        }
        for (int f = 0; f < files; f++) {
            Path folder = f % 2 == 0 ? dir : dir.resolve("more");
            Files.createDirectories(folder);
            Path file = folder.resolve("part-" + f + (gzip ? ".txt.gz" : ".txt"));
            try (OutputStream bytes = Files.newOutputStream(file);
                    OutputStream maybeCompressed = gzip ? new GZIPOutputStream(bytes) : bytes;
                    Writer text = new OutputStreamWriter(maybeCompressed, StandardCharsets.UTF_8)) {
                text.write(contents.get(f).append('\n').toString());
            }
        }
    }
}
