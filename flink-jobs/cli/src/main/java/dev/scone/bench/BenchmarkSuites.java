package dev.scone.bench;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suites {@code scone bench} knows, and running one under recorded conditions. */
public final class BenchmarkSuites {

    /** The name that selects every suite, in order. */
    public static final String ALL = "all";

    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private BenchmarkSuites() {}

    /** Every suite, in the order {@value #ALL} runs them. */
    public static List<BenchmarkSuite> all() {
        return List.of(
                new TokenizerSuite(),
                new MatchSuite(),
                new TableSuite(),
                new VocabularySuite(),
                new ModelSuite(),
                new Gpt2SmallSuite(),
                new PipelineSuite(),
                new StreamingCeilingSuite(),
                new StateSuite());
    }

    /**
     * The suite called {@code name}, or every suite for {@value #ALL}.
     *
     * @throws IllegalArgumentException naming the valid choices when there is no such suite
     */
    public static List<BenchmarkSuite> select(String name) {
        if (ALL.equals(name)) {
            return all();
        }
        for (BenchmarkSuite suite : all()) {
            if (suite.name().equals(name)) {
                return List.of(suite);
            }
        }
        throw new IllegalArgumentException(
                "There is no benchmark called '"
                        + name
                        + "'; choose one of "
                        + String.join(", ", names())
                        + ".");
    }

    /** The names that {@link #select} accepts. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        all().forEach(suite -> names.add(suite.name()));
        names.add(ALL);
        return names;
    }

    /**
     * Runs {@code suite}, recording the date, the machine and the load average before and after.
     */
    public static SuiteReport run(BenchmarkSuite suite, BenchContext context) throws Exception {
        String measuredAt = ZonedDateTime.now(ZoneOffset.UTC).format(MINUTES);
        String loadBefore = MachineInfo.loadAverage();
        SuiteResult result = suite.run(context);
        String loadAfter = MachineInfo.loadAverage();
        return new SuiteReport(
                suite.name(),
                result,
                measuredAt,
                MachineInfo.current(),
                loadBefore,
                loadAfter,
                suite.method(context),
                "./scone bench " + suite.name() + (context.quick() ? " --quick" : ""));
    }
}
