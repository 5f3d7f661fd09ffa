package dev.scone.cli;

import dev.scone.bench.BenchContext;
import dev.scone.bench.BenchmarkDocs;
import dev.scone.bench.BenchmarkSuite;
import dev.scone.bench.BenchmarkSuites;
import dev.scone.bench.SuiteReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scone bench}: runs a benchmark suite and reports its numbers. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure a hot path and print a table of results with the machine, date and load"
                    + " average; --write-docs also refreshes the suite's section of"
                    + " docs/benchmarks.md.",
            "",
            "Benchmarks:",
            "  tokenizer  GPT-2 BPE MB/s of SCONE's tokenizer and of JTokkit, same text.",
            "  match      Longest f-gram match tokens/s, 1M f-grams, two search orders.",
            "  table      Table lookups/s and bytes/entry, 10M x d=64, in RAM and RocksDB.",
            "  vocab      Vocabulary job wall time and peak memory on var/corpora/train.",
            "  model      Scoring SCONE vs baseline, KV cache vs recomputing, training rates.",
            "  gpt2-small The same at GPT-2-small shape (d = 768, 12 layers), random weights.",
            // picocli formats descriptions, so a literal percent sign is written twice.
            "  pipeline   Broker + service job vs offline scoring; latency at 70%% load; skew.",
            "  streaming-ceiling",
            "             Service job with an idle decoder vs offline lookups, 768-value vectors.",
            "  state      Keyed-state lookups/s, 2M f-grams: heap vs RocksDB (cache all / 1/10).",
            "  all        All of the above, in this order.",
            "",
            "JMH suites run each benchmark in one forked JVM: 3 x 1 s warm-up and 5 x 2 s"
                    + " measurement iterations (--quick: 1 x 1 s and 3 x 1 s). Prepared data is"
                    + " cached in var/bench."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description =
                    "tokenizer, match, table, vocab, model, gpt2-small, pipeline, streaming-ceiling,"
                            + " state or all.")
    String name;

    @Option(
            names = "--quick",
            description =
                    "Short iterations and smaller data (table: 1M instead of 10M entries; state:"
                            + " 40k f-grams; model and pipeline: fewer documents and rounds): a"
                            + " fast check that everything runs, not numbers to publish.")
    boolean quick;

    @Option(
            names = "--write-docs",
            description =
                    "Replace the suite's section of the benchmarks document with the results.")
    boolean writeDocs;

    @Option(
            names = "--docs",
            paramLabel = "FILE",
            description = "Benchmarks document to update (default: docs/benchmarks.md).")
    Path docs;

    @Override
    public Integer call() throws Exception {
        List<BenchmarkSuite> suites;
        try {
            suites = BenchmarkSuites.select(name);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        // JMH's iteration lines are this command's progress display.
        BenchContext context =
                new BenchContext(
                        SconeHome.root(),
                        quick,
                        GlobalOptions.current().progress(),
                        progressHidden() ? null : System.err);
        Path document = docs != null ? docs : SconeHome.root().resolve("docs/benchmarks.md");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (BenchmarkSuite suite : suites) {
            err.println("Running benchmark '" + suite.name() + "' ...");
            err.flush();
            SuiteReport report = BenchmarkSuites.run(suite, context);
            out.println(report.toText());
            out.flush();
            if (writeDocs) {
                BenchmarkDocs.write(document, report.name(), report.toMarkdown());
                err.println("Updated the '" + report.name() + "' section of " + document + ".");
                err.flush();
            }
        }
        return ExitCodes.OK;
    }

    private boolean progressHidden() {
        OptionSpec noProgress = spec.findOption("--no-progress");
        return noProgress != null && Boolean.TRUE.equals(noProgress.getValue());
    }
}
