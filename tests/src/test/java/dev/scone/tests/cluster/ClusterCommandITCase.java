package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.ClusterCommand;
import dev.scone.cli.cluster.ClusterSettings;
import dev.scone.cli.cluster.MultiProcessCluster;
import dev.scone.process.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scone cluster up|status|down} with real, detached processes: they outlive the command that
 * started them, {@code up} again restarts only a TaskManager that was killed with SIGKILL, and
 * {@code down} leaves nothing running.
 */
class ClusterCommandITCase {

    @TempDir static Path temp;

    private static Path clusterDir;

    /** Whatever happens, stop the detached processes this test started. */
    @AfterAll
    static void stopLeftovers() throws Exception {
        if (clusterDir != null && Files.isDirectory(clusterDir)) {
            new MultiProcessCluster(ClusterSettings.load(clusterDir), false).down();
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int status;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status = new CommandLine(new ClusterCommand()).execute(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(status).as("exit status of 'cluster %s'", String.join(" ", args)).isZero();
        return output;
    }

    private static long pid(String process) throws IOException {
        return Long.parseLong(
                Files.readString(clusterDir.resolve("run").resolve(process + ".pid")).trim());
    }

    @Test
    void upStartsWhatIsMissingStatusShowsItAndDownStopsEverything() throws Exception {
        clusterDir = temp.resolve("cluster");
        String dir = clusterDir.toString();

        String up =
                run(
                        "up",
                        "--cluster-dir",
                        dir,
                        "--task-managers",
                        "1",
                        "--rest-port",
                        Integer.toString(LoopbackPorts.free()),
                        "--rpc-port",
                        Integer.toString(LoopbackPorts.free()),
                        "--kafka-port",
                        Integer.toString(LoopbackPorts.free()),
                        "--partitions",
                        "2");
        assertThat(up)
                .contains("Started: kafka, jobmanager, taskmanager-1.")
                .contains("1 TaskManagers registered, 1 of 1 slots free");
        long jobManager = pid("jobmanager");
        long taskManager = pid("taskmanager-1");

        assertThat(run("status", "--cluster-dir", dir))
                .containsPattern("taskmanager-1 +running \\(" + taskManager + "\\)")
                .contains("topics scone.documents, scone.fgram-table, scone.results, scone.dlq");

        ProcessHandle killed = ProcessHandle.of(taskManager).orElseThrow();
        killed.destroyForcibly();
        killed.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(run("status", "--cluster-dir", dir))
                .containsPattern("taskmanager-1 +stopped")
                .containsPattern("jobmanager +running \\(" + jobManager + "\\)");

        assertThat(run("up", "--cluster-dir", dir)).contains("Started: taskmanager-1.");
        assertThat(pid("jobmanager")).as("the JobManager was left running").isEqualTo(jobManager);
        assertThat(pid("taskmanager-1")).isNotEqualTo(taskManager);
        List<Long> pids = List.of(pid("kafka"), pid("jobmanager"), pid("taskmanager-1"));

        assertThat(run("down", "--cluster-dir", dir))
                .contains("Stopped: taskmanager-1, jobmanager, kafka.");
        assertThat(pids)
                .allSatisfy(
                        pid ->
                                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                                        .as("process %d", pid)
                                        .isEmpty());
        assertThat(run("status", "--cluster-dir", dir)).doesNotContain("running (");
    }
}
