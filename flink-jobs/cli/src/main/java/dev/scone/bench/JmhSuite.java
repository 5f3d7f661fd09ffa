package dev.scone.bench;

/**
 * A suite whose measurements are JMH benchmarks: it is measured as the context's JMH settings say,
 * so that is what its report gives as its method.
 */
abstract class JmhSuite implements BenchmarkSuite {

    private final String name;

    JmhSuite(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String method(BenchContext context) {
        return context.settings().describe();
    }
}
