package dev.scone.bench.state;

import dev.scone.flink.service.matching.PositionMatch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Times the match operator from inside its own task: chained behind it, this function sees each
 * answer the moment the operator emits it, on the operator's thread. At the stamp indices of each
 * measured phase it records the wall clock and the thread's CPU time, and it counts the answers by
 * match length; all of it leaves the job as accumulators. It emits nothing.
 *
 * <p>Answers arrive in lookup order because the lookups come from one source subtask through one
 * channel to the one match subtask, so the n-th answer belongs to lookup n.
 */
public final class MatchTimer extends RichFlatMapFunction<PositionMatch, Integer> {

    private static final long serialVersionUID = 1L;

    private final StateWorkload workload;
    private final String matchOperatorName;

    private transient ThreadMXBean threads;
    private transient long answered;
    private transient Map<StateWorkload.Phase, ListAccumulator<Long>> wallStamps;
    private transient Map<StateWorkload.Phase, ListAccumulator<Long>> cpuStamps;
    private transient Map<StateWorkload.Phase, LongCounter[]> lengths;
    private transient Map<StateWorkload.Phase, long[]> stampIndices;

    /**
     * @param workload the lookups the operator answers, for their phases
     * @param matchOperatorName the match operator's name, which this function's task must carry
     */
    public MatchTimer(StateWorkload workload, String matchOperatorName) {
        this.workload = workload;
        this.matchOperatorName = matchOperatorName;
    }

    /** Accumulator of the wall-clock nanoseconds at each stamp of {@code phase}. */
    public static String wallStampsName(StateWorkload.Phase phase) {
        return phase.label() + ".wallNanos";
    }

    /** Accumulator of the task thread's CPU nanoseconds at each stamp of {@code phase}. */
    public static String cpuStampsName(StateWorkload.Phase phase) {
        return phase.label() + ".cpuNanos";
    }

    /** Accumulator counting the answers of {@code phase} with match length {@code length}. */
    public static String lengthCountName(StateWorkload.Phase phase, int length) {
        return phase.label() + ".length" + length;
    }

    @Override
    public void open(OpenContext openContext) {
        String task = getRuntimeContext().getTaskInfo().getTaskName();
        if (!task.contains(matchOperatorName)) {
            // On another thread the CPU time would be that thread's, not the operator's.
            throw new IllegalStateException(
                    "The match timer must be chained to '"
                            + matchOperatorName
                            + "', but runs in task '"
                            + task
                            + "'.");
        }
        threads = ManagementFactory.getThreadMXBean();
        wallStamps = new EnumMap<>(StateWorkload.Phase.class);
        cpuStamps = new EnumMap<>(StateWorkload.Phase.class);
        lengths = new EnumMap<>(StateWorkload.Phase.class);
        stampIndices = new EnumMap<>(StateWorkload.Phase.class);
        for (StateWorkload.Phase phase : StateWorkload.Phase.values()) {
            if (!phase.measured()) {
                continue;
            }
            ListAccumulator<Long> wall = new ListAccumulator<>();
            ListAccumulator<Long> cpu = new ListAccumulator<>();
            getRuntimeContext().addAccumulator(wallStampsName(phase), wall);
            getRuntimeContext().addAccumulator(cpuStampsName(phase), cpu);
            wallStamps.put(phase, wall);
            cpuStamps.put(phase, cpu);
            LongCounter[] counters = new LongCounter[StateWorkload.PHRASE_LENGTH + 1];
            for (int length = 0; length < counters.length; length++) {
                counters[length] = new LongCounter();
                getRuntimeContext()
                        .addAccumulator(lengthCountName(phase, length), counters[length]);
            }
            lengths.put(phase, counters);
            stampIndices.put(phase, workload.stampIndices(phase));
        }
    }

    @Override
    public void flatMap(PositionMatch match, Collector<Integer> out) {
        long index = answered++;
        StateWorkload.Phase phase = workload.phaseOf(index);
        if (!phase.measured()) {
            return;
        }
        lengths.get(phase)[match.length].add(1);
        for (long stamp : stampIndices.get(phase)) {
            if (stamp == index) {
                wallStamps.get(phase).add(System.nanoTime());
                cpuStamps.get(phase).add(threads.getCurrentThreadCpuTime());
                return;
            }
        }
    }
}
