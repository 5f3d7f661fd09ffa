package dev.scone.cli;

import dev.scone.model.files.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh SCONE home for a test class, as a static {@code @RegisterExtension} field: a temporary
 * folder that {@code scone.home} points at while the class runs, as the launcher's home does for
 * the commands; afterwards the property is as it was and the folder is gone.
 */
final class TemporarySconeHome implements BeforeAllCallback, AfterAllCallback {

    private static final String PROPERTY = "scone.home";

    private Path dir;
    private String previous;

    /** The home folder; set before the class's {@code @BeforeAll} methods run. */
    Path dir() {
        return dir;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("scone-home");
        previous = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, dir.toString());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
        Directories.deleteRecursively(dir);
    }
}
