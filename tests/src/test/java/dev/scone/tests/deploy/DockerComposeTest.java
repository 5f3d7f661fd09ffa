package dev.scone.tests.deploy;

import static dev.scone.tests.deploy.Checkout.at;
import static dev.scone.tests.deploy.Checkout.list;
import static dev.scone.tests.deploy.Checkout.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.cluster.RemoteSubmission;
import dev.scone.cluster.ServiceJobMain;
import dev.scone.cluster.ServiceOptions;
import dev.scone.flink.service.settings.KafkaSettings;
import dev.scone.schemas.topic.SconeTopics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, read as Docker Compose would (anchors resolved) and checked against the job:
 * the images match this build's Flink and Kafka, the job jar mounted is the one the build produces,
 * the submitted arguments are options the job accepts, the topics are the contract's, every Flink
 * key is real, state and metrics are set up, and nothing listens beyond 127.0.0.1.
 */
class DockerComposeTest {

    private static Map<String, Object> services;

    @BeforeAll
    static void readComposeFile() throws Exception {
        List<Map<String, Object>> documents =
                Checkout.yamlDocuments(Checkout.root().resolve("docker-compose.yml"));
        assertThat(documents).hasSize(1);
        services = map(documents.get(0).get("services"), "services");
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "services." + name);
    }

    /** The Flink options a Flink service gets through FLINK_PROPERTIES, in file order. */
    private static Map<String, String> flinkProperties(String service) {
        String text = (String) at(service(service), "environment.FLINK_PROPERTIES");
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(": ");
            assertThat(colon).as("'%s' is a 'key: value' line", line).isPositive();
            properties.put(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
        }
        return properties;
    }

    /** host path to container path of a service's bind mounts and volumes. */
    private static Map<String, String> mounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : list(service(service).get("volumes"), service + ".volumes")) {
            String[] parts = ((String) volume).split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    /** The arguments after the job jar in the scone-job service's {@code flink run}. */
    private static List<String> submittedArguments() {
        String script = (String) list(service("scone-job").get("command"), "command").get(0);
        String run = script.substring(script.indexOf("flink run")).replace("\\\n", " ");
        List<String> words = new ArrayList<>(Arrays.asList(run.trim().split("\\s+")));
        int jar = words.indexOf("/opt/flink/lib/scone-job.jar");
        assertThat(jar).as("flink run names the mounted job jar").isPositive();
        return words.subList(jar + 1, words.size());
    }

    @Test
    void imagesAreTheFlinkAndKafkaVersionsThisBuildUses() {
        String flinkImage = "flink:" + EnvironmentInformation.getVersion() + "-java17";
        for (String name : List.of("jobmanager", "taskmanager", "scone-job")) {
            assertThat(service(name).get("image")).as(name).isEqualTo(flinkImage);
        }
        assertThat(service("kafka").get("image"))
                .isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
    }

    @Test
    void everyFlinkContainerMountsTheBuiltJobJarIntoFlinksLib() {
        for (String name : List.of("jobmanager", "taskmanager", "scone-job")) {
            assertThat(mounts(name))
                    .as(name)
                    .containsEntry("./" + RemoteSubmission.JOB_JAR, "/opt/flink/lib/scone-job.jar");
        }
        // The jar sits on Flink's class path, so its classes must load from there.
        assertThat(flinkProperties("taskmanager"))
                .containsEntry("classloader.resolve-order", "parent-first");
    }

    @Test
    void theSubmittedArgumentsAreOptionsTheJobAccepts() {
        List<String> arguments = submittedArguments();
        ServiceOptions config = DeployedJob.options(arguments);

        DeployedJob.assertNamesEverySconeTopic(config);
        assertThat(config.bootstrapServers).isEqualTo("kafka:19092");
        assertThat(config.delivery).isEqualTo(KafkaSettings.Delivery.exactly_once);
        String model = arguments.get(arguments.indexOf("--model") + 1);
        String table = arguments.get(arguments.indexOf("--table") + 1);
        assertThat(mounts("scone-job").values())
                .anySatisfy(mounted -> assertThat(model).startsWith(mounted + "/"))
                .anySatisfy(mounted -> assertThat(table).startsWith(mounted + "/"));
        assertThat(mounts("taskmanager").values())
                .as("the decoders load the model on the TaskManagers")
                .anySatisfy(mounted -> assertThat(model).startsWith(mounted + "/"));
    }

    @Test
    void theTopicsCreatedAreTheContractsWithACompactedTableChangelog() {
        String script = (String) list(service("topics").get("command"), "command").get(0);
        List<String> created = new ArrayList<>();
        for (String line : script.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("create ")) {
                created.add(trimmed.split("\\s+")[1]);
                if (trimmed.split("\\s+")[1].equals(SconeTopics.FGRAM_TABLE)) {
                    assertThat(trimmed).contains("cleanup.policy=compact");
                }
            }
        }
        assertThat(created).containsExactlyInAnyOrderElementsOf(SconeTopics.names());
    }

    @Test
    void everyFlinkKeyIsAFlinkOptionAndStateIsRocksDbOnASharedVolume() {
        Map<String, String> flink = flinkProperties("jobmanager");
        assertThat(flink.keySet())
                .allSatisfy(key -> assertThat(FlinkOptions.isKnown(key)).as(key).isTrue());
        for (String name : List.of("taskmanager", "scone-job")) {
            assertThat(flinkProperties(name)).as(name).isEqualTo(flink);
        }
        assertThat(flink)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true");
        String checkpoints = flink.get("execution.checkpointing.dir");
        for (String name : List.of("jobmanager", "taskmanager")) {
            assertThat(mounts(name).values())
                    .as("%s sees the checkpoint directory %s", name, checkpoints)
                    .anySatisfy(
                            mounted ->
                                    assertThat(checkpoints).startsWith("file://" + mounted + "/"));
        }
    }

    @Test
    void prometheusScrapesTheReporterPortOfEveryFlinkProcess() throws Exception {
        Map<String, String> flink = flinkProperties("jobmanager");
        String factory = flink.get("metrics.reporter.prom.factory.class");
        assertThat(Class.forName(factory).getSimpleName()).isEqualTo("PrometheusReporterFactory");
        List<Map<String, Object>> documents =
                Checkout.yamlDocuments(Checkout.root().resolve("docker-compose.yml"));
        String config = (String) at(documents.get(0), "configs.prometheus.content");
        assertThat(config)
                .contains("port: " + flink.get("metrics.reporter.prom.port"))
                .contains("jobmanager")
                .contains("taskmanager");
    }

    @Test
    void publishedPortsListenOnLoopbackOnly() {
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Object ports = map(entry.getValue(), entry.getKey()).get("ports");
            if (ports != null) {
                assertThat(list(ports, entry.getKey() + ".ports"))
                        .as(entry.getKey())
                        .allSatisfy(port -> assertThat((String) port).startsWith("127.0.0.1:"));
            }
        }
    }

    @Test
    void theJobJarPathIsWhereTheBuildProfileWritesIt() throws Exception {
        String pom =
                java.nio.file.Files.readString(
                        Checkout.root().resolve("flink-jobs/deploy/pom.xml"));
        assertThat(pom)
                .contains("<id>job-jar</id>")
                .contains(
                        "<outputFile>${project.build.directory}/"
                                + Path.of(RemoteSubmission.JOB_JAR).getFileName()
                                + "</outputFile>")
                .contains("<mainClass>" + ServiceJobMain.class.getName() + "</mainClass>");
    }
}
