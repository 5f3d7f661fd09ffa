package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.cli.cluster.RemoteSubmission;
import dev.scone.cluster.DiscoveryJobMain;
import dev.scone.cluster.DiscoveryOptions;
import dev.scone.cluster.ServiceJobMain;
import dev.scone.cluster.ServiceOptions;
import dev.scone.flink.service.settings.IngestSettings;
import dev.scone.flink.service.settings.KafkaSettings;
import dev.scone.flink.service.settings.ReplicaSettings;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Option;

/**
 * A {@code scone serve} configuration travels to the cluster as program arguments; the job must
 * parse back exactly the configuration that was sent.
 */
class RemoteSubmissionTest {

    @TempDir Path temp;

    @Test
    void everyOptionSurvivesTheTripThroughProgramArguments() throws Exception {
        ServiceOptions sent = new ServiceOptions();
        sent.bootstrapServers = "broker-1:9092,broker-2:9092";
        sent.kafkaPropertiesFile = temp.resolve("client.properties");
        sent.documentsTopic = "in";
        sent.resultsTopic = "out";
        sent.inputFormat = IngestSettings.InputFormat.json;
        sent.parallelism = 3;
        sent.maxParallelism = 256;
        sent.decoderMaxWait = Duration.ofMillis(35);
        sent.defaultTemperature = 0.25f;
        sent.delivery = KafkaSettings.Delivery.at_least_once;
        sent.checkpointDir = "file:///shared/checkpoints";
        sent.replicaStore = ReplicaSettings.Store.rocksdb;
        sent.model = "/models/scone";

        ServiceOptions received =
                ServiceJobMain.parse(RemoteSubmission.arguments(sent).toArray(String[]::new))
                        .options();

        assertEveryOptionEqual(sent, received);
    }

    @Test
    void everyDiscoveryOptionSurvivesTheTripToTheDiscoveryMainClass() throws Exception {
        DiscoveryOptions sent = new DiscoveryOptions();
        // As scone discover has them: every option at its default, then some set.
        new picocli.CommandLine(sent).parseArgs();
        sent.bootstrapServers = "broker-1:9092";
        sent.kafkaPropertiesFile = temp.resolve("client.properties");
        sent.model = "/models/scone";
        sent.minCount = 9;
        sent.maxDiscovered = 1234;
        sent.window = Duration.ofMinutes(30);
        sent.parallelism = 2;
        sent.tableTopic = "table";
        sent.inputFormat = IngestSettings.InputFormat.text;
        sent.embedMaxWait = Duration.ofMillis(40);
        sent.checkpointDir = "file:///shared/checkpoints";

        DiscoveryOptions received =
                DiscoveryJobMain.parse(RemoteSubmission.arguments(sent).toArray(String[]::new))
                        .options();

        assertEveryOptionEqual(sent, received);
        assertThat(received.settings().counting().minCount()).isEqualTo(9);
    }

    /** That every picocli option field of {@code received} equals the one of {@code sent}. */
    private static <T> void assertEveryOptionEqual(T sent, T received) throws Exception {
        for (Field field : sent.getClass().getFields()) {
            if (field.isAnnotationPresent(Option.class)) {
                assertThat(field.get(received)).as(field.getName()).isEqualTo(field.get(sent));
            }
        }
    }

    @Test
    void unsetOptionsAreLeftToTheJobsDefaults() {
        assertThat(RemoteSubmission.arguments(new ServiceOptions()))
                .doesNotContain("--checkpoint-dir", "--kafka-properties", "--replica-dir")
                .containsSequence("--model", "scone");
    }

    @Test
    void theShadedJarIsPreferredOnlyWhileItIsNotOlderThanTheClasses() throws Exception {
        Path shaded = temp.resolve(RemoteSubmission.JOB_JAR);
        Files.createDirectories(shaded.getParent());
        Files.write(shaded, new byte[] {1});

        Files.setLastModifiedTime(shaded, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(RemoteSubmission.locateJobJar(temp)).isEqualTo(shaded);

        Files.setLastModifiedTime(shaded, FileTime.from(Instant.EPOCH));
        assertThat(RemoteSubmission.locateJobJar(temp))
                .isNotEqualTo(shaded)
                .satisfies(jar -> assertThat(Files.isRegularFile(jar)).isTrue());
    }

    @Test
    void nothingAnsweringAtTheJobManagerIsOneSentence() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RemoteSubmission submission = new RemoteSubmission("127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> submission.submit(temp.resolve("any.jar"), new ServiceOptions()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "No Flink JobManager answers at http://127.0.0.1:"
                                + closedPort
                                + "; start one with 'scone cluster up' or check --jobmanager.");
    }
}
