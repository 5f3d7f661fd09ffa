package dev.scone.bench;

import dev.scone.flink.service.RawRecord;
import dev.scone.model.files.Directories;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scone bench streaming-ceiling}: the most the Flink part of the service lets through at
 * GPT-2-small width, with a decoder that does no work, against the offline matcher and table
 * lookups on the same documents, in one run.
 *
 * <p>Each round runs the offline side (tokenize, longest match and vector lookup in an in-memory
 * table of 768-value bf16 vectors, one thread) and then the service job once per {@link
 * CeilingRun.Variant}, in an order that rotates from round to round. The variants change one thing
 * each against the service's own set-up, to show where the job's time goes: the vectors' size,
 * object reuse, operator chaining, the state backend. Rates are tokens per CPU second of the whole
 * process, so they read as tokens per second per core.
 */
public final class StreamingCeilingSuite implements BenchmarkSuite {

    private static final int FULL_ROUNDS = 3;
    private static final int QUICK_ROUNDS = 1;
    private static final int DIMENSION = 768;
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Override
    public String name() {
        return "streaming-ceiling";
    }

    @Override
    public String method(BenchContext context) {
        return rounds(context)
                + " rounds after one warm-up round; each round runs the offline side, then the job"
                + " once per variant in an order rotated from round to round, each job on a fresh"
                + " in-process MiniCluster at parallelism 2; rates per CPU second of the whole"
                + " process (every Flink thread included) from the documents' release to the last"
                + " result; median and range over rounds";
    }

    private static CeilingWorkload workload(BenchContext context) {
        return context.quick() ? CeilingWorkload.QUICK : CeilingWorkload.FULL;
    }

    private static int rounds(BenchContext context) {
        return context.quick() ? QUICK_ROUNDS : FULL_ROUNDS;
    }

    @Override
    public SuiteResult run(BenchContext context) throws Exception {
        CeilingWorkload workload = workload(context);
        List<String> texts = workload.texts();
        List<int[]> fgrams = workload.fgrams(texts);
        List<RawRecord> documents = CeilingWorkload.documentRecords(texts);
        Map<Integer, CeilingWorkload.ChangelogRecords> changelogs = new java.util.HashMap<>();
        for (CeilingRun.Variant variant : CeilingRun.Variant.values()) {
            changelogs.computeIfAbsent(
                    variant.dimension,
                    d ->
                            new CeilingWorkload.ChangelogRecords(
                                    fgrams, d, CeilingRun.MODEL_VERSION, CeilingRun.TABLE_VERSION));
        }
        Path work = context.benchDirectory().resolve(name());
        if (Files.exists(work)) {
            Directories.deleteRecursively(work);
        }
        Files.createDirectories(work);

        CeilingRun.Variant[] variants = CeilingRun.Variant.values();
        int rounds = rounds(context);
        double[] offlineRates = new double[rounds];
        Map<CeilingRun.Variant, double[]> jobRates = new EnumMap<>(CeilingRun.Variant.class);
        for (CeilingRun.Variant variant : variants) {
            jobRates.put(variant, new double[rounds]);
        }
        long tokens;
        long matched;
        try (InMemoryFgramTable table =
                new InMemoryFgramTable(DIMENSION, "synthetic", CeilingRun.TABLE_VERSION)) {
            CeilingWorkload.fill(table, fgrams);
            TableLookup lookup = new TableLookup(table, CeilingWorkload.MAX_FGRAM_LENGTH);
            CeilingRun runner = new CeilingRun(work, LIMIT);
            long[] offlineWork = new long[2];
            for (int round = -1; round < rounds; round++) {
                double offlineSeconds =
                        ProcessCpu.seconds(() -> offline(texts, lookup, offlineWork));
                double offlineRate = offlineWork[0] / offlineSeconds;
                StringBuilder line =
                        new StringBuilder(
                                String.format(
                                        Locale.ROOT,
                                        "  round %d: offline %,.0f tokens/CPU-s",
                                        round + 1,
                                        offlineRate));
                // The warm-up round runs the service's own set-up only.
                int count = round < 0 ? 1 : variants.length;
                for (int k = 0; k < count; k++) {
                    CeilingRun.Variant variant =
                            variants[Math.floorMod(k + Math.max(round, 0), variants.length)];
                    CeilingRun.Outcome outcome =
                            runner.run(variant, documents, changelogs.get(variant.dimension));
                    checkSameWork(outcome, documents.size(), offlineWork[0], offlineWork[1]);
                    line.append(
                            String.format(
                                    Locale.ROOT,
                                    ", %s %,.0f",
                                    variant.parameter(),
                                    outcome.tokensPerCpuSecond()));
                    if (round >= 0) {
                        jobRates.get(variant)[round] = outcome.tokensPerCpuSecond();
                    }
                }
                context.log().println(line);
                if (round >= 0) {
                    offlineRates[round] = offlineRate;
                }
            }
            tokens = offlineWork[0];
            matched = offlineWork[1];
        } finally {
            Directories.deleteRecursively(work);
        }
        return report(workload, tokens, matched, offlineRates, jobRates);
    }

    /**
     * The offline side: tokenizes every text and looks up every position's longest f-gram with its
     * vector decoded to floats, as offline scoring prepares its input.
     *
     * @param work receives the tokens and the matched positions counted
     */
    static void offline(List<String> texts, TableLookup lookup, long[] work) {
        long tokens = 0;
        long matched = 0;
        for (String text : texts) {
            SequenceInput input = SequenceInput.lookup(Gpt2Tokenizer.get().encode(text), lookup);
            tokens += input.tokens().length;
            matched += input.matchedPositions();
        }
        work[0] = tokens;
        work[1] = matched;
    }

    /**
     * Checks that a job run did the offline side's work: one result per document, the same tokens,
     * the same matched positions.
     *
     * @throws IllegalStateException naming what differs
     */
    static void checkSameWork(
            CeilingRun.Outcome outcome, long documents, long tokens, long matchedPositions) {
        if (outcome.results() != documents
                || outcome.tokens() != tokens
                || outcome.matchedPositions() != matchedPositions) {
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "The job (%s) gave %,d results over %,d tokens with %,d matched"
                                    + " positions; offline, %,d documents have %,d tokens and"
                                    + " %,d matched positions.",
                            outcome.variant().parameter(),
                            outcome.results(),
                            outcome.tokens(),
                            outcome.matchedPositions(),
                            documents,
                            tokens,
                            matchedPositions));
        }
    }

    static SuiteResult report(
            CeilingWorkload workload,
            long tokens,
            long matched,
            double[] offlineRates,
            Map<CeilingRun.Variant, double[]> jobRates) {
        double[] service = jobRates.get(CeilingRun.Variant.SERVICE);
        ResultTable table =
                new ResultTable(
                                "Side",
                                "tokens per CPU-s, median",
                                "range",
                                "against offline",
                                "against the service's set-up")
                        .row(
                                "offline: tokenize, match, look up (one thread)",
                                rate(median(offlineRates)),
                                range(offlineRates),
                                "1",
                                "-");
        for (Map.Entry<CeilingRun.Variant, double[]> entry : jobRates.entrySet()) {
            double[] rates = entry.getValue();
            table.row(
                    "job, " + entry.getKey().description,
                    rate(median(rates)),
                    range(rates),
                    ratio(medianRatio(rates, offlineRates)),
                    entry.getKey() == CeilingRun.Variant.SERVICE
                            ? "1"
                            : ratio(medianRatio(rates, service)));
        }
        List<String> findings = new ArrayList<>();
        findings.add(
                String.format(
                        Locale.ROOT,
                        "With a decoder that does no work, the service job passes %,.0f tokens per"
                                + " CPU second (per core) with 768-value bf16 vectors, %.3f x"
                                + " the offline matcher and table lookups on the same documents"
                                + " (median of the per-round ratios).",
                        median(service),
                        medianRatio(service, offlineRates)));
        for (Map.Entry<CeilingRun.Variant, double[]> entry : jobRates.entrySet()) {
            if (entry.getKey() != CeilingRun.Variant.SERVICE) {
                findings.add(
                        String.format(
                                Locale.ROOT,
                                "%s: %.3f x the service's set-up (per round: %s).",
                                capitalized(entry.getKey().description),
                                medianRatio(entry.getValue(), service),
                                perRound(entry.getValue(), service)));
            }
        }
        List<String> notes =
                List.of(
                        String.format(
                                Locale.ROOT,
                                "Documents: %,d synthetic texts (Zipf-distributed GPT-2 ids"
                                        + " decoded to text), %,d tokens after tokenizing; %.0f%%"
                                        + " of positions match an f-gram. Table: %s f-grams,"
                                        + " suffix-closed, loaded through the changelog input"
                                        + " before the documents are let in.",
                                workload.documents(),
                                tokens,
                                100.0 * matched / tokens,
                                "the documents' own and "
                                        + String.format(
                                                Locale.ROOT, "%,d", workload.fillerEntries())
                                        + " random filler"),
                        "Job: SconeServiceJob.defineWorkflow as the service defines it (parse,"
                                + " tokenize, fan out positions, keyed f-gram match, keyed"
                                + " assembly, async micro-batched decoder), bounded in-memory"
                                + " sources instead of Kafka, a counting sink, no checkpoints;"
                                + " the decoder's model returns a fixed score. Both sides"
                                + " counted the same tokens and matched positions in every"
                                + " run.",
                        "Offline: one thread tokenizes each text and looks every position up in"
                                + " an InMemoryFgramTable of the same f-grams, vectors decoded to"
                                + " floats, as offline scoring builds its input.");
        return new SuiteResult(
                "Streaming ceiling at GPT-2-small width",
                "The service job's throughput with a decoder that does no work, against the offline"
                        + " matcher and table lookups on the same documents, with 768-value bf16"
                        + " vectors travelling through the job; variants that change one thing"
                        + " each show where the job's time goes.",
                table,
                findings,
                notes);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The median over rounds of {@code side[r] / reference[r]}. */
    static double medianRatio(double[] side, double[] reference) {
        double[] ratios = new double[side.length];
        for (int r = 0; r < side.length; r++) {
            ratios[r] = side[r] / reference[r];
        }
        return median(ratios);
    }

    private static String perRound(double[] side, double[] reference) {
        List<String> ratios = new ArrayList<>();
        for (int r = 0; r < side.length; r++) {
            ratios.add(ratio(side[r] / reference[r]));
        }
        return String.join(", ", ratios);
    }

    private static String range(double[] values) {
        double min = Arrays.stream(values).min().orElse(Double.NaN);
        double max = Arrays.stream(values).max().orElse(Double.NaN);
        return rate(min) + " - " + rate(max);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
