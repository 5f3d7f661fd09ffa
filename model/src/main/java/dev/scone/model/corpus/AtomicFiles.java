package dev.scone.model.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Replaces files so that a reader sees the old content or the new, never half of it. */
final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes {@code content} next to {@code file}, then renames it over {@code file}. */
    static void write(Path file, byte[] content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // A fixed sibling name rather than Files.createTempFile, whose owner-only permissions
        // would stick to the published file.
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
        try {
            Files.write(temporary, content);
            Files.move(
                    temporary,
                    absolute,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
