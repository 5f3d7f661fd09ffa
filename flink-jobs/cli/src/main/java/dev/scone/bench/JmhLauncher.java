package dev.scone.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmarks of one JMH class in a forked JVM, as throughput per second, with the
 * iteration settings of the run. The fork inherits this JVM's flags and gets its own heap size, so
 * a benchmark that holds a large table does not depend on how the launcher was started.
 */
final class JmhLauncher {

    private JmhLauncher() {}

    /**
     * Runs every benchmark method of {@code benchmarkClass}, for every combination of its
     * {@code @Param} values except those fixed in {@code parameters}.
     *
     * @param maxHeap the fork's {@code -Xmx} value, such as "6g"
     * @param parameters JMH parameter values that replace the annotations' defaults
     * @return one result per method and parameter combination, in JMH's order
     */
    static List<RunResult> run(
            BenchContext context,
            Class<?> benchmarkClass,
            String maxHeap,
            Map<String, String> parameters)
            throws RunnerException {
        BenchSettings settings = context.settings();
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .include("^" + Pattern.quote(benchmarkClass.getName()) + "\\.")
                        .mode(Mode.Throughput)
                        .timeUnit(TimeUnit.SECONDS)
                        .forks(1)
                        .threads(1)
                        .warmupIterations(settings.warmupIterations())
                        .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                        .measurementIterations(settings.measurementIterations())
                        .measurementTime(
                                TimeValue.milliseconds(settings.measurementTime().toMillis()))
                        // A heap fixed from the start keeps resizing out of the measurement.
                        .jvmArgsAppend("-Xmx" + maxHeap, "-Xms" + maxHeap)
                        .shouldFailOnError(true);
        parameters.forEach(options::param);
        PrintStream console =
                context.console() != null
                        ? context.console()
                        : new PrintStream(OutputStream.nullOutputStream());
        VerboseMode verbosity = context.console() != null ? VerboseMode.NORMAL : VerboseMode.SILENT;
        Collection<RunResult> results =
                new Runner(
                                options.verbosity(verbosity).build(),
                                OutputFormatFactory.createFormatInstance(console, verbosity))
                        .run();
        if (results.isEmpty()) {
            throw new IllegalStateException(
                    "JMH found no benchmarks in "
                            + benchmarkClass.getName()
                            + "; the build must run JMH's annotation processor.");
        }
        return new ArrayList<>(results);
    }

    /** The result of {@code method} (with the given parameter name and value pairs, if any). */
    static RunResult find(List<RunResult> results, String method, String... nameValuePairs) {
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            if (!benchmark.endsWith("." + method)) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
                matches &=
                        nameValuePairs[i + 1].equals(
                                result.getParams().getParam(nameValuePairs[i]));
            }
            if (matches) {
                return result;
            }
        }
        throw new IllegalStateException(
                "JMH returned no result for " + method + " " + List.of(nameValuePairs) + ".");
    }
}
