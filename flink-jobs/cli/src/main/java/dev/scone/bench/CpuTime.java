package dev.scone.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Work done and CPU time spent by the benchmark thread in each iteration, reported by JMH as raw
 * per-iteration counters. Their quotient, work per CPU second, still measures the code when other
 * processes share the cores: wall-clock throughput then mostly measures the thread's share of the
 * scheduler.
 *
 * <p>Both counters span the same stretch, from iteration setup to iteration teardown, so the few
 * calls JMH makes just before and after the timed part count on both sides of the quotient.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {

    /** Name of the work counter in JMH's results. */
    static final String WORK = "work";

    /** Name of the CPU time counter in JMH's results. */
    static final String CPU_NANOS = "cpuNanos";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Units of work done this iteration (bytes, tokens, lookups: the benchmark decides). */
    public long work;

    /** CPU nanoseconds the benchmark thread used this iteration. */
    public long cpuNanos;

    private long startedAt;

    @Setup(Level.Iteration)
    public void start() {
        startedAt = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        cpuNanos = THREADS.getCurrentThreadCpuTime() - startedAt;
    }

    /** Records {@code units} more units of work. */
    public void add(long units) {
        work += units;
    }
}
