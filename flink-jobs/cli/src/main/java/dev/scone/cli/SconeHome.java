package dev.scone.cli;

import java.nio.file.Path;

/**
 * Where the project lives (set by the launcher as {@code scone.home}); default locations of data,
 * models and state hang off it so commands behave the same from any working directory.
 */
final class SconeHome {

    private SconeHome() {}

    static Path root() {
        String home = System.getProperty("scone.home");
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    /** Machine-local state outside git: corpora, Kafka data, checkpoints, caches, logs. */
    static Path var() {
        return root().resolve("var");
    }

    static Path rawCorpora() {
        return var().resolve("corpora-raw");
    }

    static Path corpora() {
        return var().resolve("corpora");
    }
}
