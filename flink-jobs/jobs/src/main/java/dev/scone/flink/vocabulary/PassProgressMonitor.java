package dev.scone.flink.vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each counting pass once all its subtasks have ended, while the job is still running, by
 * polling the job's accumulators (see {@link VocabularyCounters}). Passes end in order, since pass
 * n+1 cannot start before pass n's frequent set is complete. Pass times come from the task side
 * (the moment the last subtask of a pass ended), so they do not depend on the polling interval.
 */
final class PassProgressMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PassProgressMonitor.class);
    private static final long POLL_INTERVAL_MILLIS = 250;

    private final JobClient job;
    private final int maxN;
    private final Consumer<PassStatistics> listener;
    private final long submittedAtMillis;
    private final List<PassStatistics> reported = new ArrayList<>();
    private final ScheduledExecutorService poller;
    private long previousEndMillis;

    private PassProgressMonitor(JobClient job, int maxN, Consumer<PassStatistics> listener) {
        this.job = job;
        this.maxN = maxN;
        this.listener = listener;
        this.submittedAtMillis = System.currentTimeMillis();
        this.poller =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "vocabulary-pass-monitor");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /** Starts polling {@code job}; {@code listener} gets passes 2..maxN in order. */
    static PassProgressMonitor start(JobClient job, int maxN, Consumer<PassStatistics> listener) {
        PassProgressMonitor monitor = new PassProgressMonitor(job, maxN, listener);
        monitor.poller.scheduleWithFixedDelay(
                monitor::poll, POLL_INTERVAL_MILLIS, POLL_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return monitor;
    }

    /**
     * Reports the passes not reported yet from the job's final accumulators.
     *
     * @return every pass, in order
     */
    synchronized List<PassStatistics> finish(Map<String, Object> finalAccumulators) {
        poller.shutdownNow();
        update(finalAccumulators);
        return List.copyOf(reported);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void poll() {
        try {
            update(job.getAccumulators().get(POLL_INTERVAL_MILLIS * 4, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The job may be finishing or briefly unreachable; finish() reports what is missed.
            LOG.debug("Could not read the vocabulary job's accumulators.", e);
        }
    }

    private synchronized void update(Map<String, Object> accumulators) {
        if (reported.isEmpty()) {
            long startedAt =
                    VocabularyCounters.value(accumulators, VocabularyCounters.STARTED_AT_MILLIS);
            previousEndMillis =
                    startedAt > 0 && startedAt != Long.MAX_VALUE ? startedAt : submittedAtMillis;
        }
        for (int n = 2 + reported.size(); n <= maxN; n++) {
            long subtasks = VocabularyCounters.value(accumulators, VocabularyCounters.subtasks(n));
            long finished =
                    VocabularyCounters.value(accumulators, VocabularyCounters.finishedSubtasks(n));
            if (subtasks == 0 || finished < subtasks) {
                return;
            }
            long endMillis =
                    VocabularyCounters.value(accumulators, VocabularyCounters.finishedAtMillis(n));
            PassStatistics pass =
                    new PassStatistics(
                            n,
                            VocabularyCounters.value(
                                    accumulators, VocabularyCounters.candidates(n)),
                            VocabularyCounters.value(accumulators, VocabularyCounters.frequent(n)),
                            Math.max(0, endMillis - previousEndMillis) / 1000.0);
            previousEndMillis = Math.max(previousEndMillis, endMillis);
            reported.add(pass);
            listener.accept(pass);
        }
    }
}
