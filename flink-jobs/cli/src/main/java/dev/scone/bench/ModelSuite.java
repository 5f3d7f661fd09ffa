package dev.scone.bench;

import ai.djl.Device;
import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.nn.GenerationParams;
import dev.scone.model.nn.Generator;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.SconeTrainer;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.nn.TrainingBatch;
import dev.scone.model.nn.TrainingConfig;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.serving.WindowedScorer;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.model.training.TrainingRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code scone bench model}: the model's speed on this CPU, side by side in one run.
 *
 * <ul>
 *   <li>Scoring: the shipped SCONE model, f-gram lookups in its exported table included, against
 *       its baseline (same decoder, no f-grams) on the same validation documents. The two alternate
 *       document by document and each side's process CPU time is summed, so load that changes from
 *       second to second falls on both alike. Target: SCONE at most 5% slower.
 *   <li>Generation of 128 new tokens with the KV cache against recomputing the whole prefix for
 *       every token. The shipped models have a 64-token context, too short for 128 new tokens, so
 *       this uses a model of the same width and depth with a 256-token context (untrained weights:
 *       speed does not depend on them) and the shipped table. Target: at least 3x.
 *   <li>Training: optimiser steps of each shipped configuration (fresh weights, the shipped shapes,
 *       batches of 4 validation windows), the three alternating in blocks of steps; plus the rate
 *       each shipped model's own training run recorded.
 * </ul>
 */
public final class ModelSuite implements BenchmarkSuite {

    private static final int FULL_ROUNDS = 3;
    private static final int QUICK_ROUNDS = 2;
    private static final int NEW_TOKENS = 128;
    private static final List<String> SHIPPED = List.of("scone", "baseline", "baseline-2x");
    private static final int TRAINING_BATCH = 4;
    private static final int TRAINING_BLOCK_STEPS = 10;

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String method(BenchContext context) {
        return rounds(context)
                + " rounds per comparison after one warm-up round; scoring alternates SCONE and"
                + " baseline document by document, generation run by run; rates per CPU second of"
                + " the whole process (PyTorch's worker threads included), summed over rounds";
    }

    private static int rounds(BenchContext context) {
        return context.quick() ? QUICK_ROUNDS : FULL_ROUNDS;
    }

    @Override
    public SuiteResult run(BenchContext context) throws Exception {
        ModelRepository models = ModelRepository.forHome(context.home());
        Path sconeDir = models.resolve("scone");
        Path baselineDir = models.resolve("baseline");
        Path tableFile = models.table(sconeDir, context.progress());
        List<int[]> documents = validationDocuments(context, context.quick() ? 10 : 40);
        long tokens = documents.stream().mapToLong(d -> d.length).sum();

        double[] scoring;
        double[] generation;
        double[] training = compareTraining(context, models, documents);
        try (InMemoryFgramTable table = FgramTableFile.load(tableFile);
                SconeModel scone = SconeModelIO.load(sconeDir, Device.cpu());
                SconeModel baseline = SconeModelIO.load(baselineDir, Device.cpu())) {
            TableLookup lookup = new TableLookup(table, scone.config().maxFgramLength());
            scoring = compareScoring(context, scone, baseline, lookup, documents);
            generation = compareGeneration(context, scone.config(), lookup);
        }

        double sconeRate = tokens * rounds(context) / scoring[0];
        double baselineRate = tokens * rounds(context) / scoring[1];
        double slowdown = baselineRate / sconeRate - 1;
        double cachedRate = NEW_TOKENS * rounds(context) / generation[0];
        double recomputedRate = NEW_TOKENS * rounds(context) / generation[1];
        double speedup = cachedRate / recomputedRate;

        ResultTable table =
                new ResultTable("Measurement", "tokens per CPU-second")
                        .row("scoring, SCONE (lookups in the table included)", rate(sconeRate))
                        .row("scoring, baseline", rate(baselineRate))
                        .row("generation, 128 new tokens, KV cache", rate(cachedRate))
                        .row(
                                "generation, 128 new tokens, recomputing the prefix",
                                rate(recomputedRate));
        for (int m = 0; m < SHIPPED.size(); m++) {
            table.row("training " + SHIPPED.get(m) + " (measured here)", rate(training[m]));
        }
        for (String name : SHIPPED) {
            Path dir = models.resolve(name);
            TrainingRecord record = TrainingRecord.read(dir);
            table.row(
                    "training " + name + " (recorded by its run, wall clock)",
                    rate(record.tokensPerSecond()));
        }
        List<String> findings = new ArrayList<>();
        findings.add(
                String.format(
                        Locale.ROOT,
                        "Scoring: SCONE is %.1f%% slower than its baseline per CPU second (target: at"
                                + " most 5%%): %s.",
                        100 * slowdown,
                        SuiteResult.verdict(slowdown <= 0.05)));
        findings.add(
                String.format(
                        Locale.ROOT,
                        "Generation: the KV cache is %.2fx faster than recomputing the prefix"
                                + " (target: at least 3x): %s.",
                        speedup,
                        SuiteResult.verdict(speedup >= 3)));
        List<String> notes =
                List.of(
                        String.format(
                                Locale.ROOT,
                                "Scoring: the first %d validation documents, %,d tokens; both models"
                                        + " d = 64, 2 layers, C = 64, GPT-2 output layer.",
                                documents.size(),
                                tokens),
                        "Training measured here: the shipped configurations with fresh weights,"
                                + " batches of 4 windows of 64 validation tokens, AdamW, per CPU"
                                + " second. The recorded rates come from each model's training.json,"
                                + " wall clock, while builds and benchmarks shared the two cores.");
        return new SuiteResult(
                "Model: scoring and generation",
                "Speed of the DJL model on the CPU (PyTorch engine), SCONE against its baseline and"
                        + " the KV cache against recomputation, measured side by side in one run.",
                table,
                findings,
                notes);
    }

    private double[] compareScoring(
            BenchContext context,
            SconeModel scone,
            SconeModel baseline,
            TableLookup lookup,
            List<int[]> documents) {
        double[] cpuSeconds = new double[2];
        try (WindowedScorer sconeScorer = new WindowedScorer(scone);
                WindowedScorer baselineScorer = new WindowedScorer(baseline)) {
            for (int round = -1; round < rounds(context); round++) {
                double[] roundSeconds = new double[2];
                for (int d = 0; d < documents.size(); d++) {
                    int[] document = documents.get(d);
                    Runnable sconeWork =
                            () ->
                                    sconeScorer.score(
                                            List.of(SequenceInput.lookup(document, lookup)));
                    Runnable baselineWork =
                            () -> baselineScorer.score(List.of(SequenceInput.tokensOnly(document)));
                    // Document by document, and each side first on every other document, so a
                    // burst of load from elsewhere on the machine falls on both sides alike.
                    if (d % 2 == 0) {
                        roundSeconds[0] += ProcessCpu.seconds(sconeWork);
                        roundSeconds[1] += ProcessCpu.seconds(baselineWork);
                    } else {
                        roundSeconds[1] += ProcessCpu.seconds(baselineWork);
                        roundSeconds[0] += ProcessCpu.seconds(sconeWork);
                    }
                }
                if (round >= 0) {
                    cpuSeconds[0] += roundSeconds[0];
                    cpuSeconds[1] += roundSeconds[1];
                }
                context.log()
                        .printf(
                                Locale.ROOT,
                                "  scoring round %d: SCONE %.2f s, baseline %.2f s CPU%n",
                                round + 1,
                                roundSeconds[0],
                                roundSeconds[1]);
            }
        }
        return cpuSeconds;
    }

    /**
     * Training tokens per CPU second of each shipped configuration, fresh weights of the shipped
     * shapes: the configurations take turns in blocks of steps, after one warm-up block each.
     */
    private double[] compareTraining(
            BenchContext context, ModelRepository models, List<int[]> documents) throws Exception {
        List<int[][]> windows = new ArrayList<>();
        List<int[]> pending = new ArrayList<>();
        for (int[] document : documents) {
            for (int start = 0; start + 64 <= document.length; start += 64) {
                pending.add(Arrays.copyOfRange(document, start, start + 64));
                if (pending.size() == TRAINING_BATCH) {
                    windows.add(pending.toArray(new int[0][]));
                    pending.clear();
                }
            }
        }
        int blocks = rounds(context);
        double[] cpuSeconds = new double[SHIPPED.size()];
        long[] tokens = new long[SHIPPED.size()];
        List<SconeModel> trained = new ArrayList<>();
        try {
            List<SconeTrainer> trainers = new ArrayList<>();
            List<LongestMatcher> matchers = new ArrayList<>();
            for (String name : SHIPPED) {
                Path dir = models.resolve(name);
                SconeConfig config = models.card(dir).config();
                SconeModel model = SconeModel.create(config, Device.cpu());
                trained.add(model);
                trainers.add(new SconeTrainer(model, TrainingConfig.defaults(1e-3f, 1_000)));
                Path vocabulary = dir.resolve(SconeModelIO.VOCABULARY_FILE);
                matchers.add(
                        config.hasFgramEncoder()
                                ? LongestMatcher.of(FgramVocabularyFile.read(vocabulary))
                                : null);
            }
            int next = 0;
            for (int block = -1; block < blocks; block++) {
                for (int m = 0; m < SHIPPED.size(); m++) {
                    long blockTokens = 0;
                    double seconds = 0;
                    for (int step = 0; step < TRAINING_BLOCK_STEPS; step++) {
                        int[][] batch = windows.get(next++ % windows.size());
                        int[][] matches = null;
                        if (matchers.get(m) != null) {
                            matches = new int[batch.length][];
                            for (int b = 0; b < batch.length; b++) {
                                matches[b] = matchers.get(m).match(batch[b]);
                            }
                        }
                        TrainingBatch trainingBatch = new TrainingBatch(batch, matches);
                        SconeTrainer trainer = trainers.get(m);
                        seconds += ProcessCpu.seconds(() -> trainer.step(trainingBatch));
                        blockTokens += trainingBatch.predictions();
                    }
                    if (block >= 0) {
                        cpuSeconds[m] += seconds;
                        tokens[m] += blockTokens;
                    }
                    context.log()
                            .printf(
                                    Locale.ROOT,
                                    "  training block %d, %s: %d steps, %.2f s CPU%n",
                                    block + 1,
                                    SHIPPED.get(m),
                                    TRAINING_BLOCK_STEPS,
                                    seconds);
                }
            }
        } finally {
            for (SconeModel model : trained) {
                model.close();
            }
        }
        double[] rates = new double[SHIPPED.size()];
        for (int m = 0; m < rates.length; m++) {
            rates[m] = tokens[m] / cpuSeconds[m];
        }
        return rates;
    }

    private double[] compareGeneration(
            BenchContext context, SconeConfig shipped, TableLookup lookup) {
        SconeConfig longContext =
                new SconeConfig(
                        shipped.vocabSize(),
                        shipped.d(),
                        shipped.layers(),
                        shipped.heads(),
                        256,
                        shipped.maxFgramLength(),
                        0,
                        shipped.fgramHeads(),
                        shipped.mlpRatio(),
                        0f,
                        shipped.seed());
        int[] prompt =
                Gpt2Tokenizer.get()
                        .encode("It was a dark and stormy night, and the rain fell in torrents");
        GenerationParams greedy = GenerationParams.greedy(NEW_TOKENS);
        double[] cpuSeconds = new double[2];
        try (SconeModel model = SconeModel.create(longContext, Device.cpu());
                Generator generator = new Generator(model, lookup)) {
            for (int round = -1; round < rounds(context); round++) {
                double cached = ProcessCpu.seconds(() -> generator.generate(prompt, greedy));
                double recomputed =
                        ProcessCpu.seconds(() -> generator.generateByRecomputing(prompt, greedy));
                if (round >= 0) {
                    cpuSeconds[0] += cached;
                    cpuSeconds[1] += recomputed;
                }
                context.log()
                        .printf(
                                Locale.ROOT,
                                "  generation round %d: cached %.2f s, recomputed %.2f s CPU%n",
                                round + 1,
                                cached,
                                recomputed);
            }
        }
        return cpuSeconds;
    }

    private static List<int[]> validationDocuments(BenchContext context, int count)
            throws Exception {
        Path validation = context.home().resolve("var/corpora/validation");
        if (!Files.isDirectory(validation)) {
            throw new IllegalArgumentException(
                    "The validation split "
                            + context.display(validation)
                            + " does not exist; run './scone corpus prepare' first.");
        }
        List<int[]> documents = new ArrayList<>();
        CorpusDocuments.forEach(
                validation,
                text -> {
                    if (documents.size() < count) {
                        int[] tokens = Gpt2Tokenizer.get().encode(text);
                        if (tokens.length >= 2) {
                            documents.add(tokens);
                        }
                    }
                });
        return documents;
    }

    private static String rate(double tokensPerSecond) {
        return String.format(Locale.ROOT, "%,.0f", tokensPerSecond);
    }
}
