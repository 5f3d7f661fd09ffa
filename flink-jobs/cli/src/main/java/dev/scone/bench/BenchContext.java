package dev.scone.bench;

import dev.scone.model.progress.ProgressReporter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every benchmark suite runs with: the project home its data hangs off, how long to measure,
 * and where progress goes.
 *
 * @param home the project root; data lives in {@code var/} under it
 * @param quick whether to measure briefly, on smaller data where a suite allows it
 * @param progress progress of data preparation (building tables, vocabularies)
 * @param console where JMH reports its iterations, or null to keep JMH silent
 */
public record BenchContext(
        Path home, boolean quick, ProgressReporter progress, PrintStream console) {

    public BenchContext {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(progress, "progress");
    }

    /** Where prepared benchmark data is cached between runs. */
    public Path benchDirectory() {
        return home.resolve("var").resolve("bench");
    }

    /** The training split that {@code scone corpus prepare} writes. */
    public Path trainingCorpus() {
        return home.resolve("var").resolve("corpora").resolve("train");
    }

    /** {@code path} as reports show it: relative to the home when it lies inside. */
    public String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path root = home.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : path.toString();
    }

    /**
     * Where a suite prints its round-by-round lines: the console, or nowhere when progress is
     * hidden ({@code --no-progress}, no terminal), so suites need not check.
     */
    public PrintStream log() {
        return console != null ? console : new PrintStream(OutputStream.nullOutputStream());
    }

    /** Iteration counts and lengths for this run. */
    public BenchSettings settings() {
        return quick ? BenchSettings.QUICK : BenchSettings.FULL;
    }
}
