package dev.scone.model.corpus;

import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Jane Austen's six novels as the Debian package {@code r-cran-janeaustenr} installs them: an R
 * lazy-load database ({@code data/Rdata.rdx} and {@code .rdb}, read by {@link RLazyLoadDatabase})
 * holding one character vector per novel ({@code emma}, {@code prideprejudice}, ...), one element
 * per line of the printed text. Each chapter is one document, from its heading ({@code CHAPTER IV},
 * {@code Chapter 4}) to the next; the title pages before the first chapter and the volume headings
 * and the closing {@code THE END} are left out. The id is the variable's name and the chapter's
 * position in the novel, such as {@code emma:07}. Text is cleaned and reflowed like all prose
 * ({@link PlainText#paragraphs}), and the underscores that mark italics ({@code _her_}) are
 * removed.
 */
public final class AustenCorpus {

    /** Where {@code dpkg -x} puts the package's data, relative to the extraction root. */
    static final Path INSTALLED_LOCATION =
            Path.of("usr", "lib", "R", "site-library", "janeaustenr", "data");

    static final String INDEX_FILE = "Rdata.rdx";
    static final String VALUES_FILE = "Rdata.rdb";

    private static final Pattern CHAPTER =
            Pattern.compile("\\s*chapter\\s+([ivxlc]+|[0-9]+)\\.?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern VOLUME =
            Pattern.compile("\\s*volume\\s+([ivxlc]+|[0-9]+)\\.?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern THE_END =
            Pattern.compile("\\s*(the end|finis)\\.?\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ITALICS = Pattern.compile("_");

    private final Path dir;

    /**
     * The novels under {@code root}: the folder {@code dpkg -x} extracted the package into, or a
     * folder that holds {@code Rdata.rdx} and {@code Rdata.rdb} directly.
     */
    public AustenCorpus(Path root) {
        this.dir = CorpusFolders.within(root, INSTALLED_LOCATION);
    }

    /** The database's two files, or none when they are not both there. */
    public List<Path> files() {
        Path index = dir.resolve(INDEX_FILE);
        Path values = dir.resolve(VALUES_FILE);
        if (Files.isRegularFile(index) && Files.isRegularFile(values)) {
            return List.of(index, values);
        }
        return List.of();
    }

    /** Every chapter of every novel, novels in name order, chapters in book order. */
    public List<CorpusDocument> documents(ProgressReporter reporter) throws IOException {
        if (files().isEmpty()) {
            throw new NoSuchFileException(
                    dir.resolve(INDEX_FILE).toString(), null, "the Austen data is missing");
        }
        RLazyLoadDatabase database = RLazyLoadDatabase.open(dir.resolve(INDEX_FILE));
        List<String> novels = database.names().stream().sorted().toList();
        List<CorpusDocument> documents = new ArrayList<>();
        try (Progress progress =
                reporter.start("Reading Jane Austen's novels", novels.size(), "novels")) {
            for (String novel : novels) {
                var value = database.get(novel);
                if (value.type() == RSerialization.STRSXP) {
                    documents.addAll(chapters(novel, value.strings()));
                }
                progress.step(1);
            }
        }
        return documents;
    }

    /**
     * The chapters of one novel given as its lines: ids {@code NOVEL:NN} counting chapters from 1,
     * chapters with no text left out (their number is still used up).
     */
    public static List<CorpusDocument> chapters(String novel, List<String> lines) {
        List<CorpusDocument> chapters = new ArrayList<>();
        List<String> chapter = null;
        int number = 0;
        for (String line : lines) {
            String text = Objects.requireNonNullElse(line, "");
            if (CHAPTER.matcher(text).matches()) {
                addChapter(chapters, novel, number, chapter);
                chapter = new ArrayList<>();
                number++;
            } else if (chapter != null
                    && !VOLUME.matcher(text).matches()
                    && !THE_END.matcher(text).matches()) {
                chapter.add(ITALICS.matcher(text).replaceAll(""));
            }
        }
        addChapter(chapters, novel, number, chapter);
        return chapters;
    }

    private static void addChapter(
            List<CorpusDocument> chapters, String novel, int number, List<String> lines) {
        if (lines == null) {
            return;
        }
        String text = PlainText.paragraphs(lines);
        if (!text.isEmpty()) {
            chapters.add(new CorpusDocument(String.format("%s:%02d", novel, number), text));
        }
    }
}
