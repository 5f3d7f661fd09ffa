package dev.scone.bench;

import dev.scone.model.files.AtomicMoves;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the measured sections of {@code docs/benchmarks.md} up to date. Each suite owns the text
 * between its two markers, {@code <!-- bench:NAME begin -->} and {@code <!-- bench:NAME end -->}; a
 * refresh replaces only that text, so hand-written parts of the file survive. A section that is not
 * there yet is appended at the end.
 */
public final class BenchmarkDocs {

    /** Heading of a benchmarks file that does not exist yet. */
    static final String NEW_FILE_HEADING = "# Benchmarks\n";

    private BenchmarkDocs() {}

    /** The marker line that opens section {@code name}. */
    public static String beginMarker(String name) {
        return "<!-- bench:" + name + " begin -->";
    }

    /** The marker line that closes section {@code name}. */
    public static String endMarker(String name) {
        return "<!-- bench:" + name + " end -->";
    }

    /**
     * {@code document} with section {@code name} holding {@code section}: replaced between its
     * markers when present, appended with markers otherwise.
     *
     * @throws IllegalArgumentException when the section's markers are not exactly one begin
     *     followed by one end
     */
    public static String withSection(String document, String name, String section) {
        String begin = beginMarker(name);
        String end = endMarker(name);
        String body = section.endsWith("\n") ? section : section + "\n";
        int beginAt = document.indexOf(begin);
        int endAt = document.indexOf(end);
        if (beginAt < 0 && endAt < 0) {
            StringBuilder appended = new StringBuilder(document);
            if (appended.length() > 0 && appended.charAt(appended.length() - 1) != '\n') {
                appended.append('\n');
            }
            if (appended.length() > 0) {
                appended.append('\n');
            }
            return appended.append(begin)
                    .append('\n')
                    .append(body)
                    .append(end)
                    .append('\n')
                    .toString();
        }
        if (beginAt < 0
                || endAt < 0
                || endAt < beginAt
                || document.indexOf(begin, beginAt + 1) >= 0
                || document.indexOf(end, endAt + 1) >= 0) {
            throw new IllegalArgumentException(
                    "The benchmarks document has a broken '"
                            + name
                            + "' section: '"
                            + begin
                            + "' must come once, before '"
                            + end
                            + "'; fix the markers by hand.");
        }
        return document.substring(0, beginAt + begin.length())
                + "\n"
                + body
                + document.substring(endAt);
    }

    /**
     * Writes {@code section} into section {@code name} of the file, creating the file if needed.
     * The new text replaces the file in one rename, so a reader never sees half of it.
     */
    public static void write(Path file, String name, String section) throws IOException {
        String document =
                Files.exists(file)
                        ? Files.readString(file, StandardCharsets.UTF_8)
                        : NEW_FILE_HEADING;
        String updated = withSection(document, name, section);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, updated, StandardCharsets.UTF_8);
        AtomicMoves.replace(temporary, file);
    }
}
