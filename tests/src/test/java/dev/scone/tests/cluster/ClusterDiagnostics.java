package dev.scone.tests.cluster;

import dev.scone.cli.cluster.ClusterProcess;
import dev.scone.cli.cluster.MultiProcessCluster;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a cluster test fails, or starting its cluster does, prints what is needed to tell why
 * without rerunning it: which processes run, the job's state, and the end of every process's log
 * and of the broker log.
 */
final class ClusterDiagnostics implements TestWatcher, LifecycleMethodExecutionExceptionHandler {

    private final Supplier<MultiProcessCluster> cluster;
    private final Supplier<String> jobId;
    private final List<Path> extraLogs = new ArrayList<>();

    ClusterDiagnostics(Supplier<MultiProcessCluster> cluster, Supplier<String> jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    /** Also show the end of {@code log} on failure. */
    void alsoShow(Path log) {
        extraLogs.add(log);
    }

    /** Starting the cluster or the job failed: show why, then fail as before. */
    @Override
    public void handleBeforeAllMethodExecutionException(
            ExtensionContext context, Throwable throwable) throws Throwable {
        testFailed(context, throwable);
        throw throwable;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        MultiProcessCluster running = cluster.get();
        StringBuilder report = new StringBuilder();
        report.append("\n===== cluster diagnostics for ")
                .append(context.getDisplayName())
                .append(" =====\n");
        if (running != null) {
            for (ClusterProcess process : running.processes()) {
                report.append(process).append('\n');
            }
            String job = jobId.get();
            if (job != null) {
                try {
                    report.append("job ")
                            .append(job)
                            .append(": ")
                            .append(running.rest().jobState(job))
                            .append(", checkpoints ")
                            .append(running.rest().checkpoints(job))
                            .append('\n');
                } catch (IOException e) {
                    report.append("job state unavailable: ").append(e.getMessage()).append('\n');
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Path logDir = running.settings().directory().resolve("log");
            try (var logs = Files.list(logDir)) {
                for (Path log : logs.sorted().toList()) {
                    report.append(tail(log, 40));
                }
            } catch (IOException e) {
                report.append("no logs in ").append(logDir).append('\n');
            }
        }
        for (Path log : extraLogs) {
            report.append(tail(log, 40));
        }
        System.err.println(report);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {}

    private static String tail(Path log, int lines) {
        StringBuilder out = new StringBuilder("----- end of ").append(log).append(" -----\n");
        if (!Files.isRegularFile(log)) {
            return out.append("(missing)\n").toString();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - 24 * 1024);
            file.seek(start);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                out.append(all[i]).append('\n');
            }
        } catch (IOException e) {
            out.append("(unreadable: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }
}
