package dev.scone.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of this whole process. PyTorch runs its kernels on native worker threads and Flink its
 * operators on threads of its own, so only the process's CPU time (every thread) counts their work;
 * the calling thread's alone would miss most of it.
 */
final class ProcessCpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {}

    /** CPU seconds this process (every thread) spends while {@code work} runs. */
    static double seconds(Runnable work) {
        long start = nanos();
        work.run();
        return (nanos() - start) / 1e9;
    }

    /** CPU time this process (every thread) has used so far, in nanoseconds. */
    static long nanos() {
        return OS.getProcessCpuTime();
    }
}
