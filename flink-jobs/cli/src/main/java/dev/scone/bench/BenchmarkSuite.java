package dev.scone.bench;

/** One named group of benchmarks that {@code scone bench NAME} runs and reports together. */
public interface BenchmarkSuite {

    /** The name on the command line and of the suite's section in the docs. */
    String name();

    /** How the suite measures, for the report (JMH settings, number of runs). */
    String method(BenchContext context);

    /** Prepares the data the suite needs, measures, and summarises. */
    SuiteResult run(BenchContext context) throws Exception;
}
