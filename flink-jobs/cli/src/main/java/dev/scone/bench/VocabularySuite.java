package dev.scone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scone bench vocab}: wall time and peak resident memory of the f-gram vocabulary job (K =
 * 5, minimum count 5, every frequent n-gram kept) on the prepared training split. Each run is a
 * fresh JVM ({@link VocabularyRun}) with this JVM's flags, so the memory peak is the build's own.
 */
public final class VocabularySuite implements BenchmarkSuite {

    static final int FULL_RUNS = 3;
    static final int QUICK_RUNS = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "vocab";
    }

    @Override
    public String method(BenchContext context) {
        int runs = runs(context);
        return runs
                + (runs == 1 ? " run" : " runs")
                + ", each in a fresh JVM; mean ± standard deviation over runs, peak RSS from"
                + " /proc/self/status VmHWM at the end of the job";
    }

    @Override
    public SuiteResult run(BenchContext context) throws Exception {
        Path corpus = context.trainingCorpus();
        if (!Files.isDirectory(corpus)) {
            throw new IllegalArgumentException(
                    "The training split "
                            + context.display(corpus)
                            + " does not exist; run './scone corpus prepare' first.");
        }
        Path output = context.benchDirectory().resolve("vocabulary").resolve("train.fgrams.avro");
        Files.createDirectories(output.getParent());
        int parallelism = Runtime.getRuntime().availableProcessors();
        List<JsonNode> runs = new ArrayList<>();
        for (int run = 0; run < runs(context); run++) {
            runs.add(runOnce(corpus, output, parallelism));
        }

        double[] wall = runs.stream().mapToDouble(r -> r.get("wallSeconds").asDouble()).toArray();
        double[] counting =
                runs.stream().mapToDouble(r -> r.get("countingSeconds").asDouble()).toArray();
        double[] peakMiB =
                runs.stream()
                        .mapToDouble(r -> r.get("peakResidentBytes").asDouble() / (1 << 20))
                        .toArray();
        JsonNode first = runs.get(0);
        long tokens = first.get("corpusTokens").asLong();
        ResultTable table =
                new ResultTable("Quantity", "Value")
                        .row("wall time (s)", meanAndDeviation(wall, 1))
                        .row("of which counting passes (s)", meanAndDeviation(counting, 1))
                        .row("peak RSS (MiB)", meanAndDeviation(peakMiB, 0))
                        .row(
                                "throughput (k tokens/s)",
                                String.format(Locale.ROOT, "%.0f", tokens / mean(wall) / 1e3))
                        .row("corpus tokens", String.format(Locale.ROOT, "%,d", tokens))
                        .row(
                                "corpus documents",
                                String.format(
                                        Locale.ROOT, "%,d", first.get("corpusDocuments").asLong()))
                        .row(
                                "f-grams kept",
                                String.format(Locale.ROOT, "%,d", first.get("fgrams").asLong()))
                        .row("parallelism", Integer.toString(parallelism))
                        .row(
                                "JVM max heap (MiB)",
                                String.format(
                                        Locale.ROOT,
                                        "%,d",
                                        first.get("maxHeapBytes").asLong() / (1 << 20)));
        return new SuiteResult(
                "Vocabulary job",
                "FgramVocabularyJob (Flink BATCH mode on a local MiniCluster) counting the n-grams"
                        + " of the training split (var/corpora/train), K = 5, minimum count 5, every"
                        + " frequent n-gram kept. Wall time runs from creating the Flink"
                        + " environment to the vocabulary file and its summary being written;"
                        + " peak RSS is the high-water mark of the whole JVM (MiniCluster"
                        + " included).",
                table,
                List.of(),
                List.of(
                        "Counting passes: from the job's start to the end of its last counting"
                                + " pass; the rest of the wall time is starting the MiniCluster,"
                                + " ranking and writing the file, a large share on a corpus this"
                                + " small."));
    }

    private static int runs(BenchContext context) {
        return context.quick() ? QUICK_RUNS : FULL_RUNS;
    }

    private static JsonNode runOnce(Path corpus, Path output, int parallelism)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A debugger or agent attached to this JVM must not attach to the child as well.
            if (!argument.startsWith("-agentlib")
                    && !argument.startsWith("-javaagent")
                    && !argument.startsWith("-Xrunjdwp")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(VocabularyRun.class.getName());
        command.add(corpus.toString());
        command.add(output.toString());
        command.add(Integer.toString(parallelism));
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String resultLine = null;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(VocabularyRun.RESULT_PREFIX)) {
                    resultLine = line.substring(VocabularyRun.RESULT_PREFIX.length());
                }
            }
        }
        int status = process.waitFor();
        if (status != 0 || resultLine == null) {
            throw new IllegalStateException(
                    "The vocabulary build exited with status "
                            + status
                            + " without a result; its errors are printed above.");
        }
        return JSON.readTree(resultLine);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** "mean ± sample standard deviation", or just the value for a single run. */
    static String meanAndDeviation(double[] values, int decimals) {
        String number = "%." + decimals + "f";
        double mean = mean(values);
        if (values.length < 2) {
            return String.format(Locale.ROOT, number, mean);
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double deviation = Math.sqrt(squares / (values.length - 1));
        return String.format(Locale.ROOT, number + " ± " + number, mean, deviation);
    }
}
