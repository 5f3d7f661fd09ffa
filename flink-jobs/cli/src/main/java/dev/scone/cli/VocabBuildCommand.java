package dev.scone.cli;

import dev.scone.flink.vocabulary.FgramVocabularyJob;
import dev.scone.flink.vocabulary.VocabularyBuildSummary;
import dev.scone.flink.vocabulary.VocabularyJobConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone vocab build}: runs the f-gram vocabulary Flink job over a corpus. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Count the token n-grams of a corpus with Flink (pass by pass, Apriori pruning), keep"
                    + " the best ranked ones and write the f-gram vocabulary file plus"
                    + " FILE.summary.json.",
            "Runs on a local Flink MiniCluster; submitted to a Flink cluster it runs there."
        })
final class VocabBuildCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "Corpus files or directories (read recursively): UTF-8 text, documents"
                            + " separated by a blank line; .gz files are decompressed. Required.")
    List<String> inputs;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Vocabulary file to write (Avro); the summary goes to FILE.summary.json.")
    Path out;

    @Option(
            names = "--max-n",
            paramLabel = "K",
            defaultValue = "" + VocabularyJobConfig.DEFAULT_MAX_N,
            description = "Longest n-gram counted, 2..5 (default: ${DEFAULT-VALUE}).")
    int maxN;

    @Option(
            names = "--min-count",
            paramLabel = "COUNT",
            defaultValue = "" + VocabularyJobConfig.DEFAULT_MIN_COUNT,
            description =
                    "Smallest corpus count an n-gram needs; longer n-grams are counted only if"
                            + " their prefix and suffix reach it (default: ${DEFAULT-VALUE}).")
    long minCount;

    @Option(
            names = "--size",
            paramLabel = "S",
            defaultValue = "" + VocabularyJobConfig.DEFAULT_SIZE,
            description =
                    "Keep the S best ranked f-grams (count, then shorter, then ids); 0 keeps"
                            + " every n-gram that reaches the minimum count (default:"
                            + " ${DEFAULT-VALUE}).")
    long size;

    @Option(
            names = "--parallelism",
            paramLabel = "P",
            defaultValue = "0",
            description =
                    "Parallel subtasks of each counting stage; 0 means one per CPU core"
                            + " (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        for (String input : inputs) {
            requireLocalInput(input);
        }
        VocabularyJobConfig config;
        try {
            config =
                    new VocabularyJobConfig(
                            inputs,
                            out,
                            maxN,
                            minCount,
                            size,
                            parallelism == 0
                                    ? Runtime.getRuntime().availableProcessors()
                                    : parallelism);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        if (Files.isDirectory(out)) {
            throw new UserException("The output " + out + " is a directory, not a file name.");
        }

        PrintWriter err = spec.commandLine().getErr();
        err.printf(
                "Counting n-grams of length 2..%d (min count %d) with parallelism %d ...%n",
                config.maxN(), config.minCount(), config.parallelism());
        err.flush();
        VocabularyBuildSummary summary;
        try {
            summary =
                    new FgramVocabularyJob(
                                    config,
                                    pass -> {
                                        err.println(pass.describe());
                                        err.flush();
                                    })
                            .run();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(summary.toText());
        stdout.flush();
        return ExitCodes.OK;
    }

    /** Local paths must exist; URIs of other file systems are left for Flink to check. */
    private static void requireLocalInput(String input) {
        URI uri = new org.apache.flink.core.fs.Path(input).toUri();
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            return;
        }
        Path path = Path.of(uri.getPath());
        if (!Files.exists(path)) {
            throw new UserException("The input " + input + " does not exist.");
        }
        if (!Files.isReadable(path)) {
            throw new UserException("The input " + input + " is not readable.");
        }
    }
}
