package dev.scone.model.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Putting a finished file in place of another. */
public final class AtomicMoves {

    private AtomicMoves() {}

    /**
     * Moves {@code finished} over {@code target}: atomically, so a reader sees the old file or the
     * new one, where the file system can; otherwise with a plain replacing move.
     */
    public static void replace(Path finished, Path target) throws IOException {
        try {
            Files.move(
                    finished,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
