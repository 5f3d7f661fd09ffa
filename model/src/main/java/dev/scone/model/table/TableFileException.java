package dev.scone.model.table;

import java.io.IOException;
import java.nio.file.Path;

/** A table file that cannot be read: missing, not a table file, truncated, or corrupt. */
public final class TableFileException extends IOException {

    private static final long serialVersionUID = 1L;

    TableFileException(String message) {
        super(message);
    }

    static TableFileException missing(Path file) {
        return new TableFileException("The table file " + file + " does not exist.");
    }

    static TableFileException notATableFile(Path file) {
        return new TableFileException(
                "The file " + file + " is not an f-gram table file (it lacks the SCONETBL magic).");
    }

    static TableFileException newerFormat(Path file, int formatVersion) {
        return new TableFileException(
                "The table file "
                        + file
                        + " has format version "
                        + formatVersion
                        + ", newer than the version "
                        + FgramTableFile.FORMAT_VERSION
                        + " this build reads.");
    }

    static TableFileException truncated(Path file, long actualBytes, long expectedBytes) {
        return new TableFileException(
                "The table file "
                        + file
                        + " is truncated: it has "
                        + actualBytes
                        + " bytes where its header promises "
                        + expectedBytes
                        + ".");
    }

    static TableFileException truncated(Path file) {
        return new TableFileException("The table file " + file + " ends early.");
    }

    static TableFileException corrupt(Path file, String problem) {
        return new TableFileException("The table file " + file + " is corrupt: " + problem + ".");
    }
}
