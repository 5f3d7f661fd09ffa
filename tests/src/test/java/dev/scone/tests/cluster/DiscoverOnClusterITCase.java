package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.SconeCommand;
import dev.scone.cli.cluster.ClusterSettings;
import dev.scone.cli.cluster.FlinkRestClient;
import dev.scone.cli.cluster.MultiProcessCluster;
import dev.scone.flink.discovery.DiscoveryRunner;
import dev.scone.process.LoopbackPorts;
import dev.scone.tests.fixtures.TinySconeModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scone discover --jobmanager}: the discovery job, submitted to a multi-process Flink
 * cluster through the REST API with the job jar's second main class, runs there.
 */
class DiscoverOnClusterITCase {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir static Path temp;

    private static MultiProcessCluster cluster;

    private static final TinySconeModel MODEL =
            new TinySconeModel("tiny-discover-cluster-1", 24, 5L, List.of(" of the United States"));

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(600)
    void theDiscoveryJobRunsOnTheClusterItWasSubmittedTo() throws Exception {
        ClusterSettings settings =
                new ClusterSettings(temp.resolve("cluster"))
                        .restPort(LoopbackPorts.free())
                        .rpcPort(LoopbackPorts.free())
                        .kafkaPort(LoopbackPorts.free())
                        .taskManagers(1)
                        .slotsPerTaskManager(2)
                        .taskManagerMemory("1280m")
                        .jobManagerMemory("768m");
        // A model with A_F, at a path the TaskManagers of this machine see too.
        Path modelDir = MODEL.writeTo(temp.resolve("models/tiny"));
        cluster = new MultiProcessCluster(settings, true);
        cluster.up(LIMIT);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int status;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status =
                    new CommandLine(new SconeCommand())
                            .execute(
                                    "discover",
                                    "--jobmanager",
                                    cluster.restAddress(),
                                    "--bootstrap-servers",
                                    settings.bootstrapServers(),
                                    "--model",
                                    modelDir.toString(),
                                    "--parallelism",
                                    "1",
                                    "--checkpoint-dir",
                                    temp.resolve("checkpoints").toUri().toString());
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(status).as(output).isZero();
        Matcher submitted = Pattern.compile("as job ([0-9a-f]{32})").matcher(output);
        assertThat(submitted.find()).as(output).isTrue();

        FlinkRestClient rest = new FlinkRestClient(cluster.restAddress());
        String jobId = submitted.group(1);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        // Running, every task deployed (A_F loaded in the TaskManager), and a checkpoint taken.
        while (!(rest.allTasksRunning(jobId) && rest.checkpoints(jobId).completed() > 0)) {
            assertThat(System.nanoTime())
                    .as("job %s on the cluster: %s", jobId, rest.jobState(jobId))
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
        assertThat(rest.job(jobId).path("name").asText()).isEqualTo(DiscoveryRunner.JOB_NAME);
        rest.cancel(jobId);
    }
}
