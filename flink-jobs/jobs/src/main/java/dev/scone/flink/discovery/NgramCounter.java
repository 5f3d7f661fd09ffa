package dev.scone.flink.discovery;

import dev.scone.flink.service.matching.TableUpdate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts n-grams, keyed by the n-gram, and admits those that become frequent. Also keyed by the
 * n-gram, the table changelog tells it which n-grams are in the table already: the shipped table's
 * are never admitted, discovered ones are counted only to report their heat, and a tombstone makes
 * an n-gram a fresh candidate again.
 *
 * <p><b>Bounded state.</b> One small value per key. Counts decay with a half-life of {@code
 * --window} in record time (each occurrence adds 1, so a phrase seen at a steady rate r per
 * half-life settles near 1.44 r), and a candidate not seen for {@code --window} of processing time
 * is dropped by a timer. The candidates held at any time are therefore the distinct n-grams of the
 * last window, however long the stream has run; entries of the table (shipped or discovered) hold a
 * status each, bounded by the table.
 *
 * <p><b>Admission.</b> A candidate whose decayed count reaches {@code --min-count} is sent on as
 * {@link DiscoveryEvent#ADMIT} and becomes discovered at once, so it is admitted once even before
 * its entry comes back through the changelog. A discovered entry reports {@link
 * DiscoveryEvent#HEAT} every {@code --min-count} occurrences.
 */
public class NgramCounter
        extends KeyedCoProcessFunction<
                Tuple2<Long, Long>, NgramOccurrence, TableUpdate, DiscoveryEvent>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final CountingSettings settings;
    private transient ValueState<CandidateState> state;
    private transient ListState<Long> trackedState;
    private transient long tracked;
    private transient Counter admitted;

    public NgramCounter(CountingSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        state =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("ngram", CandidateState.class));
        admitted = getRuntimeContext().getMetricGroup().counter(DiscoveryMetricNames.ADMITTED);
        getRuntimeContext()
                .getMetricGroup()
                .gauge(DiscoveryMetricNames.CANDIDATES_TRACKED, () -> tracked);
    }

    @Override
    public void processElement1(
            NgramOccurrence occurrence, Context ctx, Collector<DiscoveryEvent> out)
            throws Exception {
        CandidateState current = state.value();
        if (current != null && current.status == CandidateState.SHIPPED) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        if (current == null) {
            current = new CandidateState(CandidateState.CANDIDATE);
            current.count = 1;
            current.lastMillis = occurrence.timeMillis;
            tracked++;
        } else {
            add(current, occurrence.timeMillis);
        }
        current.lastSeenAt = now;
        if (current.status == CandidateState.CANDIDATE) {
            if (current.count >= settings.minCount()) {
                out.collect(
                        new DiscoveryEvent(
                                DiscoveryEvent.ADMIT,
                                occurrence.tokens,
                                current.count,
                                current.lastMillis));
                admitted.inc();
                tracked--;
                current.status = CandidateState.DISCOVERED;
                current.sinceReport = 0;
            } else if (current.timerAt == 0) {
                current.timerAt = now + settings.window().toMillis();
                ctx.timerService().registerProcessingTimeTimer(current.timerAt);
            }
        } else if (++current.sinceReport >= settings.minCount()) {
            out.collect(
                    new DiscoveryEvent(
                            DiscoveryEvent.HEAT,
                            occurrence.tokens,
                            current.count,
                            current.lastMillis));
            current.sinceReport = 0;
        }
        state.update(current);
    }

    /** Decays the count to the later of the two times and adds one occurrence at {@code time}. */
    private void add(CandidateState current, long time) {
        double halfLife = settings.window().toMillis();
        if (time >= current.lastMillis) {
            current.count =
                    current.count * Math.pow(2, -(time - current.lastMillis) / halfLife) + 1;
            current.lastMillis = time;
        } else {
            current.count += Math.pow(2, -(current.lastMillis - time) / halfLife);
        }
    }

    @Override
    public void processElement2(TableUpdate update, Context ctx, Collector<DiscoveryEvent> out)
            throws Exception {
        CandidateState current = state.value();
        boolean candidate = current != null && current.status == CandidateState.CANDIDATE;
        if (update.isDelete()) {
            if (current != null && !candidate) {
                // Deleted (expired) from the table: counting starts afresh.
                state.clear();
            }
            return;
        }
        if (candidate) {
            tracked--;
        }
        if (DiscoveryVersion.isDiscovered(update.tableVersion)) {
            if (current == null || candidate) {
                CandidateState discovered = new CandidateState(CandidateState.DISCOVERED);
                if (current != null) {
                    discovered.count = current.count;
                    discovered.lastMillis = current.lastMillis;
                }
                state.update(discovered);
            }
        } else {
            state.update(new CandidateState(CandidateState.SHIPPED));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DiscoveryEvent> out)
            throws Exception {
        CandidateState current = state.value();
        if (current == null || current.status != CandidateState.CANDIDATE) {
            return;
        }
        long due = current.lastSeenAt + settings.window().toMillis();
        if (due <= timestamp) {
            state.clear();
            tracked--;
        } else {
            current.timerAt = due;
            ctx.timerService().registerProcessingTimeTimer(due);
            state.update(current);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        trackedState.update(java.util.List.of(tracked));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // The gauge's count travels with the checkpoint; after a rescale each subtask sums the
        // parts it got, so the total over subtasks stays right.
        trackedState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("candidates-tracked", Types.LONG));
        tracked = 0;
        for (Long part : trackedState.get()) {
            tracked += part;
        }
    }
}
