package dev.scone.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code scone bench tokenizer}: MB/s of {@code Gpt2Tokenizer.encode} and of JTokkit called
 * directly on the same text in the same fork. The wrapper's cost must stay small: target ratio at
 * least {@value #TARGET_RATIO}.
 */
public final class TokenizerSuite extends JmhSuite {

    static final double TARGET_RATIO = 0.9;

    public TokenizerSuite() {
        super("tokenizer");
    }

    @Override
    public SuiteResult run(BenchContext context) throws Exception {
        TokenizerWorkload.Sample sample = TokenizerWorkload.load(context.trainingCorpus());
        List<RunResult> results =
                JmhLauncher.run(
                        context,
                        TokenizerBenchmark.class,
                        "2g",
                        Map.of(
                                "corpusDirectory",
                                sample.fromCorpus() ? context.trainingCorpus().toString() : ""));
        RunResult sconeRun = JmhLauncher.find(results, "scone");
        RunResult jtokkitRun = JmhLauncher.find(results, "jtokkit");
        RunResult interleavedRun = JmhLauncher.find(results, "interleaved");
        Measurement sconeWall = Measurement.ofCounter(sconeRun, "bytes", 1e-6);
        Measurement jtokkitWall = Measurement.ofCounter(jtokkitRun, "bytes", 1e-6);
        Measurement sconeInterleaved =
                Measurement.perIteration(interleavedRun, "bytesEach", "sconeCpuNanos", 1e3);
        Measurement jtokkitInterleaved =
                Measurement.perIteration(interleavedRun, "bytesEach", "jtokkitCpuNanos", 1e3);
        ResultTable table =
                new ResultTable(
                                "Encoder",
                                "MB/s",
                                "MB per CPU-s",
                                "MB per CPU-s, interleaved",
                                "M tokens/s")
                        .row(
                                "Gpt2Tokenizer.encode (SCONE)",
                                sconeWall.format(2),
                                Measurement.ofCpuTime(sconeRun, 1e-6).format(2),
                                sconeInterleaved.format(2),
                                Measurement.ofCounter(sconeRun, "tokens", 1e-6).format(2))
                        .row(
                                "JTokkit r50k_base encodeOrdinary",
                                jtokkitWall.format(2),
                                Measurement.ofCpuTime(jtokkitRun, 1e-6).format(2),
                                jtokkitInterleaved.format(2),
                                Measurement.ofCounter(jtokkitRun, "tokens", 1e-6).format(2));
        // Per iteration, bytes/sconeNanos over bytes/jtokkitNanos: the same text, so a time ratio.
        Measurement interleavedRatio =
                Measurement.perIteration(interleavedRun, "jtokkitCpuNanos", "sconeCpuNanos", 1);
        Measurement wallRatio = sconeWall.ratioTo(jtokkitWall);
        String source =
                sample.fromCorpus()
                        ? "the training split " + context.display(context.trainingCorpus())
                        : "the built-in English sample (no prepared corpus was found)";
        return new SuiteResult(
                "Tokenizer throughput",
                String.format(
                        Locale.ROOT,
                        "GPT-2 byte-level BPE (r50k_base) over %,d documents (%,.1f MB of UTF-8)"
                                + " from %s, one call per document, single thread."
                                + " SCONE's tokenizer wraps JTokkit and copies the ids into an"
                                + " int[]; the baseline calls JTokkit directly. MB = 10^6 bytes"
                                + " of UTF-8 input.",
                        sample.documents().size(),
                        sample.utf8Bytes() / 1e6,
                        source),
                table,
                List.of(
                        String.format(
                                Locale.ROOT,
                                "Ratio SCONE / JTokkit, interleaved on the same text, per CPU"
                                        + " second: %s (target >= %.1f): %s.",
                                interleavedRatio.format(3),
                                TARGET_RATIO,
                                SuiteResult.verdict(interleavedRatio.mean() >= TARGET_RATIO)),
                        String.format(
                                Locale.ROOT,
                                "Ratio SCONE / JTokkit, each in its own fork, wall-clock: %s.",
                                wallRatio.format(3))),
                List.of(
                        "Interleaved: one JMH benchmark encodes each 64 KiB chunk of the text with"
                                + " both encoders in turn (alternating which goes first) and"
                                + " adds up each one's thread CPU time; the ratio is taken per"
                                + " iteration, so both sides share every change in load."));
    }
}
