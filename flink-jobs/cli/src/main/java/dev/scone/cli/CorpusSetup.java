package dev.scone.cli;

import dev.scone.model.corpus.CorpusPreparer;
import dev.scone.model.corpus.Manifest;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Gets the corpora in place: runs the fetch script when needed, then the splitter. */
final class CorpusSetup {

    private CorpusSetup() {}

    static Manifest prepare(Path raw, Path out, long seed, ProgressReporter progress)
            throws IOException, InterruptedException {
        if (!CorpusPreparer.RAW_FOLDERS.stream()
                .allMatch(folder -> Files.isDirectory(raw.resolve(folder)))) {
            fetch(raw);
        }
        return new CorpusPreparer(raw, out, seed).prepare(progress);
    }

    /** The default corpora, prepared if they are not there yet. */
    static Path ensureDefault(ProgressReporter progress) throws IOException, InterruptedException {
        prepare(SconeHome.rawCorpora(), SconeHome.corpora(), CorpusPreparer.DEFAULT_SEED, progress);
        return SconeHome.corpora();
    }

    private static void fetch(Path raw) throws IOException, InterruptedException {
        Path script = SconeHome.root().resolve("scripts/fetch-corpora.sh");
        if (!Files.isRegularFile(script)) {
            throw new UserException("The corpus fetch script " + script + " is missing.");
        }
        System.err.println("Fetching the corpora into " + raw + " ...");
        Process process =
                new ProcessBuilder("bash", script.toString(), raw.toString()).inheritIO().start();
        int status = process.waitFor();
        if (status != 0) {
            throw new UserException(
                    "Fetching the corpora failed (exit status "
                            + status
                            + "); the messages above say why.");
        }
    }
}
