package dev.scone.bench;

import dev.scone.model.fgram.FgramVocabulary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code scone bench match}: longest-match tokens per second on one thread against a 1M f-gram
 * vocabulary, the suffix-closed search (target at least {@value #TARGET_TOKENS_PER_SECOND}
 * tokens/s) beside the search that probes every length.
 */
public final class MatchSuite extends JmhSuite {

    static final double TARGET_TOKENS_PER_SECOND = 10e6;

    public MatchSuite() {
        super("match");
    }

    @Override
    public SuiteResult run(BenchContext context) throws Exception {
        MatchWorkload workload = MatchWorkload.STANDARD;
        FgramVocabulary vocabulary =
                workload.loadOrBuild(context.benchDirectory(), context.progress());
        MatchStatistics statistics = MatchWorkload.measure(vocabulary, workload.testTokens());
        List<RunResult> results =
                JmhLauncher.run(
                        context,
                        MatchBenchmark.class,
                        "3g",
                        Map.of(
                                "vocabularyFile",
                                workload.cacheFile(context.benchDirectory()).toString()));
        RunResult closedRun = JmhLauncher.find(results, "suffixClosed");
        RunResult probeAllRun = JmhLauncher.find(results, "probeAll");
        Measurement closed = Measurement.of(closedRun, 1e-6);
        Measurement probeAll = Measurement.of(probeAllRun, 1e-6);
        Measurement closedCpu = Measurement.ofCpuTime(closedRun, 1e-6);
        Measurement probeAllCpu = Measurement.ofCpuTime(probeAllRun, 1e-6);

        ResultTable table =
                new ResultTable(
                                "Search",
                                "M tokens/s",
                                "M tokens per CPU-s",
                                "ns/token (CPU)",
                                "probes/token")
                        .row(
                                "suffix-closed (2, 3, ... stop at first miss)",
                                closed.format(2),
                                closedCpu.format(2),
                                String.format(Locale.ROOT, "%.1f", 1e3 / closedCpu.mean()),
                                String.format(
                                        Locale.ROOT,
                                        "%.2f",
                                        statistics.suffixClosedProbesPerToken()))
                        .row(
                                "probe-all (K, K-1, ... 2)",
                                probeAll.format(2),
                                probeAllCpu.format(2),
                                String.format(Locale.ROOT, "%.1f", 1e3 / probeAllCpu.mean()),
                                String.format(
                                        Locale.ROOT, "%.2f", statistics.probeAllProbesPerToken()));
        Measurement speedup = closedCpu.ratioTo(probeAllCpu);
        double target = TARGET_TOKENS_PER_SECOND / 1e6;
        return new SuiteResult(
                "Longest f-gram match",
                String.format(
                        Locale.ROOT,
                        "LongestMatcher over a held-out stream of %,d tokens in windows of %,d,"
                                + " single thread, against %,d f-grams (K = %d) in the in-RAM"
                                + " open-addressing index. The vocabulary is built as the paper"
                                + " builds one (counts, Apriori pruning, best S by count) from a"
                                + " synthetic stream of %,d GPT-2 token ids drawn from a Zipf"
                                + " distribution (s = %.1f); the held-out stream is drawn from"
                                + " the same distribution, so the hit rate follows from it.",
                        statistics.positions(),
                        MatchWorkload.WINDOW,
                        vocabulary.size(),
                        vocabulary.maxN(),
                        workload.trainingTokens(),
                        workload.exponent()),
                table,
                List.of(
                        String.format(
                                Locale.ROOT,
                                "Suffix-closed search per CPU second: %s M tokens/s = %.2f × the"
                                        + " target of %.0f M tokens/s: %s.",
                                closedCpu.format(2),
                                closedCpu.mean() / target,
                                target,
                                SuiteResult.verdict(closedCpu.mean() >= target)),
                        String.format(
                                Locale.ROOT,
                                "Suffix-closed search in wall-clock time: %s M tokens/s = %.2f ×"
                                        + " the target: %s.",
                                closed.format(2),
                                closed.mean() / target,
                                SuiteResult.verdict(closed.mean() >= target)),
                        String.format(
                                Locale.ROOT,
                                "Suffix-closed / probe-all per CPU second: %s× the speed with %.2f×"
                                        + " fewer probes.",
                                speedup.format(2),
                                statistics.probeAllProbesPerToken()
                                        / statistics.suffixClosedProbesPerToken())),
                List.of(
                        String.format(
                                Locale.ROOT,
                                "Hit rate %.1f%% of positions; mean match length %.2f tokens;"
                                        + " positions by match length %s.",
                                100 * statistics.hitRate(),
                                statistics.meanMatchLength(),
                                lengthHistogram(statistics)),
                        String.format(
                                Locale.ROOT,
                                "Vocabulary: f-grams per length %s; smallest kept count %d.",
                                keptPerLength(vocabulary),
                                vocabulary.metadata().countAtCut())));
    }

    private static String lengthHistogram(MatchStatistics statistics) {
        long[] byLength = statistics.positionsByLength();
        StringBuilder text = new StringBuilder();
        for (int length = 0; length < byLength.length; length++) {
            if (length == 1) {
                continue;
            }
            text.append(text.length() == 0 ? "" : ", ")
                    .append(length == 0 ? "none" : Integer.toString(length))
                    .append(": ")
                    .append(String.format(Locale.ROOT, "%,d", byLength[length]));
        }
        return text.toString();
    }

    private static String keptPerLength(FgramVocabulary vocabulary) {
        StringBuilder text = new StringBuilder();
        for (int n = 2; n <= vocabulary.maxN(); n++) {
            text.append(n == 2 ? "" : ", ")
                    .append(n)
                    .append(": ")
                    .append(String.format(Locale.ROOT, "%,d", vocabulary.metadata().kept(n)));
        }
        return text.toString();
    }
}
