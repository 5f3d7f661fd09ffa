package dev.scone.bench;

import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.ListStatistics;

/**
 * A measured rate with its error bar: JMH's mean over the measurement iterations and the half-width
 * of its 99.9% confidence interval, scaled to the unit a report shows.
 *
 * @param mean the mean
 * @param error the half-width of the confidence interval; NaN when JMH could not compute one
 */
public record Measurement(double mean, double error) {

    /** The primary score of a JMH run, multiplied by {@code scale}. */
    public static Measurement of(RunResult run, double scale) {
        Result<?> score = run.getPrimaryResult();
        return new Measurement(score.getScore() * scale, score.getScoreError() * scale);
    }

    /**
     * A counter of a JMH run that JMH reports per second ({@code @AuxCounters} of type OPERATIONS),
     * multiplied by {@code scale}.
     *
     * @throws IllegalStateException when the run has no such counter
     */
    public static Measurement ofCounter(RunResult run, String counter, double scale) {
        Result<?> rate = counter(run, run.getSecondaryResults(), counter);
        return new Measurement(rate.getScore() * scale, rate.getScoreError() * scale);
    }

    /**
     * Work per CPU second from a run's {@link CpuTime} counters, multiplied by {@code scale}.
     *
     * @throws IllegalStateException when the run has no such counters
     */
    public static Measurement ofCpuTime(RunResult run, double scale) {
        return perIteration(run, CpuTime.WORK, CpuTime.CPU_NANOS, 1e9 * scale);
    }

    /**
     * The mean over measurement iterations of {@code numerator / denominator} times {@code scale},
     * both being per-iteration counters of the run, with the 99.9% confidence half-width JMH gives
     * its own scores.
     *
     * @throws IllegalStateException when the run lacks one of the counters
     */
    public static Measurement perIteration(
            RunResult run, String numerator, String denominator, double scale) {
        ListStatistics values = new ListStatistics();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                Map<String, Result> counters = iteration.getSecondaryResults();
                values.addValue(
                        counter(run, counters, numerator).getScore()
                                / counter(run, counters, denominator).getScore()
                                * scale);
            }
        }
        return new Measurement(values.getMean(), values.getMeanErrorAt(0.999));
    }

    /**
     * The counter {@code name} among {@code results}, which are of {@code run} or one iteration.
     */
    private static Result<?> counter(RunResult run, Map<String, Result> results, String name) {
        Result<?> value = results.get(name);
        if (value == null) {
            throw new IllegalStateException(
                    "The JMH run of "
                            + run.getParams().getBenchmark()
                            + " has no counter '"
                            + name
                            + "'.");
        }
        return value;
    }

    /**
     * This measurement divided by {@code other}, the relative errors combined as independent ones
     * (root of the sum of squares).
     */
    public Measurement ratioTo(Measurement other) {
        double ratio = mean / other.mean;
        double relative = Math.hypot(relativeError(), other.relativeError());
        return new Measurement(ratio, Math.abs(ratio) * relative);
    }

    /** The error as a share of the mean. */
    public double relativeError() {
        return mean == 0 || Double.isNaN(error) ? 0 : Math.abs(error / mean);
    }

    /** "mean ± error" with {@code decimals} digits after the point. */
    public String format(int decimals) {
        String number = "%." + decimals + "f";
        if (Double.isNaN(error)) {
            return String.format(Locale.ROOT, number, mean);
        }
        return String.format(Locale.ROOT, number + " ± " + number, mean, error);
    }
}
