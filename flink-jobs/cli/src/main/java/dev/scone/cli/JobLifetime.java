package dev.scone.cli;

import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;

/** How a command that runs a streaming job in this process ends: when the user stops it. */
final class JobLifetime {

    private JobLifetime() {}

    /**
     * Waits for {@code job} to end; Ctrl-C (or any other shutdown of the JVM) cancels it first, and
     * the shutdown waits until the job has ended, so its last transactions are aborted cleanly.
     *
     * @return the exit status: {@link ExitCodes#OK}
     */
    static int runUntilStopped(JobClient job) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        job.cancel().get();
                                    } catch (Exception e) {
                                        // Already ending.
                                    }
                                    stopped.countDown();
                                }));
        job.getJobExecutionResult().get();
        stopped.await();
        return ExitCodes.OK;
    }
}
