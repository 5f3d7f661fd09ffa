package dev.scone.model.corpus;

import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fortune cookie files as the Debian packages fortunes and fortunes-min install them: plain text,
 * entries separated by lines holding only {@code %}, next to {@code .dat} indexes and {@code .u8}
 * links that are skipped. Each non-empty entry is a document; an entry that repeats an earlier one
 * exactly is dropped, so the same text cannot land in two splits.
 */
public final class FortuneCorpus {

    /** Where {@code dpkg -x} puts the cookie files, relative to the extraction root. */
    static final Path INSTALLED_LOCATION = Path.of("usr", "share", "games", "fortunes");

    private static final String SEPARATOR = "%";

    private final Path dir;

    /**
     * The fortunes under {@code root}: the folder {@code dpkg -x} extracted the packages into, or a
     * folder that holds the cookie files directly.
     */
    public FortuneCorpus(Path root) {
        this.dir = CorpusFolders.within(root, INSTALLED_LOCATION);
    }

    /** The cookie files, sorted by name. */
    public List<Path> files() throws IOException {
        return CorpusFolders.files(dir, FortuneCorpus::isCookieFileName, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isCookieFileName(String name) {
        return !name.startsWith(".") && !name.endsWith(".dat") && !name.endsWith(".u8");
    }

    /**
     * Every distinct non-empty fortune, in file-name then file order. The id is the file name and
     * the entry's 1-based position in the file, such as {@code computers:0017}; positions count
     * empty entries too, so ids stay put when only whitespace changes.
     */
    public List<CorpusDocument> documents(ProgressReporter reporter) throws IOException {
        List<Path> files = files();
        Map<String, CorpusDocument> byText = new LinkedHashMap<>();
        try (Progress progress = reporter.start("Reading fortunes", files.size(), "files")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                // Decoding with replacement: a stray byte must not lose the whole file.
                String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                List<String> entries = entries(content);
                for (int i = 0; i < entries.size(); i++) {
                    String text = entries.get(i);
                    if (!text.isEmpty()) {
                        String id = String.format("%s:%04d", name, i + 1);
                        byText.putIfAbsent(text, new CorpusDocument(id, text));
                    }
                }
                progress.step(1);
            }
        }
        return new ArrayList<>(byText.values());
    }

    /**
     * Splits a cookie file into its entries, each cleaned: backspace overstrikes resolved, other
     * control characters but tabs removed, trailing spaces trimmed, blank lines dropped. An entry
     * with nothing left is the empty string.
     */
    public static List<String> entries(String cookieFile) {
        List<String> entries = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String line : cookieFile.split("\\R", -1)) {
            if (line.stripTrailing().equals(SEPARATOR)) {
                entries.add(String.join("\n", lines));
                lines.clear();
            } else {
                String cleaned = clean(line);
                if (!cleaned.isEmpty()) {
                    lines.add(cleaned);
                }
            }
        }
        if (!lines.isEmpty()) {
            entries.add(String.join("\n", lines));
        }
        return entries;
    }

    /** One line cleaned as every corpus is ({@link PlainText#cleanLine}). */
    static String clean(String line) {
        return PlainText.cleanLine(line);
    }
}
