package dev.scone.flink.vocabulary;

import dev.scone.flink.io.DocumentBlockFormat;
import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.operators.Order;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Builds the f-gram vocabulary V_f as the paper does, as one Flink DataStream job in BATCH mode.
 *
 * <p>Dataflow: documents → GPT-2 token ids (one record per document, so no n-gram crosses a
 * document) → pass 2 counts every bigram; pass n (3..K) counts only the n-grams whose (n-1)-prefix
 * and (n-1)-suffix reached the minimum count in pass n-1 (Apriori pruning; the frequent (n-1)-grams
 * are broadcast into pass n) → all frequent n-grams ranked by {@link FgramRanking}, the best S kept
 * → streamed to the client, which repairs suffix closure and writes the vocabulary file and its
 * summary.
 *
 * <p>Memory: counting is Flink's keyed reduce, which in BATCH mode sorts its input by key in
 * managed memory and spills to disk; ranking is Flink's external sort ({@code sortPartition}), also
 * spilling. Per subtask, on the heap, a pass holds a fixed-size pre-aggregation table and the
 * previous pass's frequent set (at most corpusTokens / minCount grams; see {@link
 * CandidateEmitter}); nothing grows with the corpus beyond that.
 *
 * <p>Runs on a local MiniCluster when started from a plain JVM and unchanged on a Flink cluster
 * when submitted there, as {@link StreamExecutionEnvironment#getExecutionEnvironment} decides.
 */
public final class FgramVocabularyJob {

    private static final TypeInformation<PackedFgramCount> RECORD_TYPE =
            TypeInformation.of(PackedFgramCount.class);

    private final VocabularyJobConfig config;
    private final Consumer<PassStatistics> passListener;

    /**
     * @param passListener told about each pass as soon as it ends, in order
     */
    public FgramVocabularyJob(VocabularyJobConfig config, Consumer<PassStatistics> passListener) {
        this.config = config;
        this.passListener = passListener;
    }

    /** Builds the vocabulary from the configured input files. */
    public VocabularyBuildSummary run() throws Exception {
        return run(
                env ->
                        env.fromSource(
                                        DocumentBlockFormat.fileSource(config.inputs()),
                                        WatermarkStrategy.noWatermarks(),
                                        "corpus files")
                                .uid("corpus-files"));
    }

    /**
     * Builds the vocabulary from the documents {@code documentSource} creates (a bounded stream)
     * and writes it to the configured output. The configured inputs are then only recorded in the
     * summary; tests use this to feed documents from memory.
     *
     * @throws IllegalArgumentException if the source holds no documents
     */
    public VocabularyBuildSummary run(
            Function<StreamExecutionEnvironment, DataStream<String>> documentSource)
            throws Exception {
        long startNanos = System.nanoTime();
        StreamExecutionEnvironment env = createEnvironment(config.parallelism());
        DataStream<PackedFgramCount> ranked =
                rankedFgrams(
                        documentSource.apply(env), config.maxN(), config.minCount(), config.size());

        List<CountedFgram> rows = new ArrayList<>();
        Map<String, Object> accumulators;
        List<PassStatistics> passes;
        CloseableIterator<PackedFgramCount> results = ranked.collectAsync();
        JobClient job = env.executeAsync("scone vocabulary: K=" + config.maxN());
        try (results;
                PassProgressMonitor monitor =
                        PassProgressMonitor.start(job, config.maxN(), passListener)) {
            CountedFgram previous = null;
            while (results.hasNext()) {
                CountedFgram row = results.next().toCountedFgram();
                if (previous != null && FgramRanking.ORDER.compare(previous, row) >= 0) {
                    throw new IllegalStateException(
                            "The job returned " + row + " after " + previous + ", out of rank.");
                }
                rows.add(row);
                previous = row;
            }
            JobExecutionResult result = job.getJobExecutionResult().get();
            accumulators = result.getAllAccumulatorResults();
            passes = monitor.finish(accumulators);
        }

        VocabularyOutput.CorpusSize corpus =
                new VocabularyOutput.CorpusSize(
                        VocabularyCounters.value(accumulators, VocabularyCounters.TOKENS),
                        VocabularyCounters.value(accumulators, VocabularyCounters.DOCUMENTS));
        if (corpus.documents() == 0) {
            throw new IllegalArgumentException(
                    "The input holds no documents: " + String.join(", ", config.inputs()) + ".");
        }
        return VocabularyOutput.write(config, rows, corpus, passes, startNanos);
    }

    /**
     * The whole counting and ranking pipeline: the frequent n-grams (length 2..maxN, count >=
     * minCount) of {@code documents}, best ranked first, at most {@code size} of them, in one
     * parallel-1 stream.
     *
     * @param size S, how many to keep; 0 keeps all
     */
    public static DataStream<PackedFgramCount> rankedFgrams(
            DataStream<String> documents, int maxN, long minCount, long size) {
        DataStream<int[]> tokens =
                documents.map(new CorpusTokenizer()).name("tokenize (GPT-2 BPE)").uid("tokenize");

        DataStream<PackedFgramCount> frequent =
                countFrequent(
                        tokens.flatMap(new BigramEmitter())
                                .name("emit 2-grams")
                                .uid("emit-2-grams"),
                        2,
                        minCount);
        DataStream<PackedFgramCount> allFrequent = frequent;
        for (int n = 3; n <= maxN; n++) {
            // No broadcast state descriptors: the emitter keeps the set in its own compact hash.
            DataStream<PackedFgramCount> candidates =
                    tokens.connect(frequent.broadcast(new MapStateDescriptor<?, ?>[0]))
                            .process(new CandidateEmitter(n), RECORD_TYPE)
                            .name("emit " + n + "-gram candidates")
                            .uid("emit-" + n + "-grams");
            frequent = countFrequent(candidates, n, minCount);
            allFrequent = allFrequent.union(frequent);
        }
        return rank(allFrequent, size);
    }

    private static DataStream<PackedFgramCount> countFrequent(
            DataStream<PackedFgramCount> occurrences, int n, long minCount) {
        return occurrences
                .transform("combine " + n + "-grams", RECORD_TYPE, new OccurrenceCombiner())
                .uid("combine-" + n + "-grams")
                .keyBy(new PackedKeySelector())
                .reduce(new SumCounts())
                .name("count " + n + "-grams")
                .uid("count-" + n + "-grams")
                .transform(
                        "keep frequent " + n + "-grams",
                        RECORD_TYPE,
                        new FrequentFgramFilter(n, minCount))
                .uid("frequent-" + n + "-grams");
    }

    private static DataStream<PackedFgramCount> rank(
            DataStream<PackedFgramCount> frequent, long size) {
        DataStream<PackedFgramCount> contenders = frequent;
        if (size > 0) {
            // Only the best S of each subtask can be among the best S overall.
            contenders =
                    frequent.fullWindowPartition()
                            .sortPartition(new RankingKey(), Order.ASCENDING)
                            .name("rank per subtask")
                            .uid("rank-per-subtask")
                            .flatMap(new KeepFirst(size))
                            .name("keep best S per subtask")
                            .uid("keep-best-per-subtask");
        }
        SingleOutputStreamOperator<PackedFgramCount> ranked =
                contenders
                        .fullWindowPartition()
                        .sortPartition(new RankingKey(), Order.ASCENDING)
                        .setParallelism(1)
                        .name("rank all")
                        .uid("rank-all");
        if (size == 0) {
            return ranked;
        }
        return ranked.flatMap(new KeepFirst(size))
                .setParallelism(1)
                .name("keep best S")
                .uid("keep-best");
    }

    /**
     * A BATCH-mode environment: a local MiniCluster from a plain JVM, the cluster's own when the
     * job is submitted to one.
     */
    static StreamExecutionEnvironment createEnvironment(int parallelism) {
        Configuration configuration = new Configuration();
        configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        // The parallelism asked for, not one the batch scheduler derives from the input size.
        configuration.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(parallelism);
        return env;
    }
}
