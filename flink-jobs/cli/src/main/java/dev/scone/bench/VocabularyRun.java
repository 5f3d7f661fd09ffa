package dev.scone.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.flink.vocabulary.FgramVocabularyJob;
import dev.scone.flink.vocabulary.PassStatistics;
import dev.scone.flink.vocabulary.VocabularyBuildSummary;
import dev.scone.flink.vocabulary.VocabularyJobConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * One vocabulary build in a JVM of its own, so that the peak resident memory it reports belongs to
 * the build alone: the JVM, the local Flink MiniCluster and the job. Prints one line, {@link
 * #RESULT_PREFIX} followed by JSON, that {@link VocabularySuite} reads.
 *
 * <p>Arguments: corpus directory, vocabulary file to write, parallelism.
 */
public final class VocabularyRun {

    /** Marks the result line among anything else the JVM prints. */
    static final String RESULT_PREFIX = "scone-bench-vocabulary ";

    private VocabularyRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "Expected a corpus directory, an output file and a parallelism, not "
                            + List.of(args)
                            + ".");
        }
        VocabularyJobConfig config =
                new VocabularyJobConfig(
                        List.of(args[0]),
                        Path.of(args[1]),
                        VocabularyJobConfig.DEFAULT_MAX_N,
                        VocabularyJobConfig.DEFAULT_MIN_COUNT,
                        VocabularyJobConfig.DEFAULT_SIZE,
                        Integer.parseInt(args[2]));
        long start = System.nanoTime();
        VocabularyBuildSummary summary =
                new FgramVocabularyJob(config, pass -> System.err.println(pass.describe())).run();
        double wallSeconds = (System.nanoTime() - start) / 1e9;

        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("wallSeconds", wallSeconds);
        result.put("peakResidentBytes", MachineInfo.peakResidentBytes());
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        result.put("corpusTokens", summary.metadata().corpusTokens());
        result.put("corpusDocuments", summary.metadata().corpusDocuments());
        result.put("fgrams", summary.size());
        result.put(
                "countingSeconds",
                summary.passes().stream().mapToDouble(PassStatistics::seconds).sum());
        result.put("parallelism", config.parallelism());
        System.out.println(RESULT_PREFIX + result);
        System.out.flush();
        // The MiniCluster may leave non-daemon threads behind; the measurement is complete.
        System.exit(0);
    }
}
