package dev.scone.flink.vocabulary;

import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.accumulators.IntMaximum;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Ends pass n: passes on the exactly counted n-grams that reached the minimum count, and reports
 * how many were counted and kept. When its input ends it marks the subtask finished, which is how
 * the client learns, while the job still runs, that the pass is complete.
 *
 * <p>An operator rather than a filter function because it must act when its input ends.
 */
final class FrequentFgramFilter extends AbstractStreamOperator<PackedFgramCount>
        implements OneInputStreamOperator<PackedFgramCount, PackedFgramCount>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final int n;
    private final long minCount;
    private transient LongCounter candidates;
    private transient LongCounter frequent;
    private transient IntCounter finishedSubtasks;
    private transient LongMaximum finishedAtMillis;

    /**
     * @param n the pass, the length of the n-grams it filters
     * @param minCount smallest count that is kept
     */
    FrequentFgramFilter(int n, long minCount) {
        this.n = n;
        this.minCount = minCount;
    }

    @Override
    public void open() throws Exception {
        super.open();
        candidates = new LongCounter();
        frequent = new LongCounter();
        finishedSubtasks = new IntCounter();
        finishedAtMillis = new LongMaximum();
        IntMaximum subtasks = new IntMaximum();
        subtasks.add(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        getRuntimeContext().addAccumulator(VocabularyCounters.candidates(n), candidates);
        getRuntimeContext().addAccumulator(VocabularyCounters.frequent(n), frequent);
        getRuntimeContext().addAccumulator(VocabularyCounters.subtasks(n), subtasks);
        getRuntimeContext()
                .addAccumulator(VocabularyCounters.finishedSubtasks(n), finishedSubtasks);
        getRuntimeContext()
                .addAccumulator(VocabularyCounters.finishedAtMillis(n), finishedAtMillis);
    }

    @Override
    public void processElement(StreamRecord<PackedFgramCount> element) {
        candidates.add(1);
        if (element.getValue().count >= minCount) {
            frequent.add(1);
            output.collect(element);
        }
    }

    @Override
    public void endInput() {
        finishedAtMillis.add(System.currentTimeMillis());
        finishedSubtasks.add(1);
    }
}
