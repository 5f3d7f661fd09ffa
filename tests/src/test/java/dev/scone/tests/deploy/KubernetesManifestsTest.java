package dev.scone.tests.deploy;

import static dev.scone.tests.deploy.Checkout.at;
import static dev.scone.tests.deploy.Checkout.list;
import static dev.scone.tests.deploy.Checkout.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cluster.ServiceJobMain;
import dev.scone.cluster.ServiceOptions;
import dev.scone.schemas.topic.SconeTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests under k8s/: every one parses and names its kind; the Strimzi Kafka runs this
 * build's Kafka with the contract's four topics; the FlinkDeployment runs this build's Flink in
 * application mode with the job's real main class and options, RocksDB state, checkpoints on a
 * volume every pod mounts, Kubernetes HA, and TaskManagers that ask for a GPU; the image its job
 * jar comes from is built by k8s/Dockerfile.
 */
class KubernetesManifestsTest {

    private static Path k8s;
    private static final Map<String, List<Map<String, Object>>> BY_KIND = new HashMap<>();
    private static final List<String> FILES = new ArrayList<>();

    @BeforeAll
    static void readManifests() throws IOException {
        k8s = Checkout.root().resolve("k8s");
        try (Stream<Path> files = Files.list(k8s)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                FILES.add(file.getFileName().toString());
                for (Map<String, Object> document : Checkout.yamlDocuments(file)) {
                    assertThat(document).as(file.toString()).containsKeys("apiVersion", "kind");
                    BY_KIND.computeIfAbsent(
                                    (String) document.get("kind"), kind -> new ArrayList<>())
                            .add(document);
                }
            }
        }
    }

    private static Map<String, Object> only(String kind) {
        assertThat(BY_KIND.get(kind)).as(kind).hasSize(1);
        return BY_KIND.get(kind).get(0);
    }

    private static Map<String, Object> flinkDeployment() {
        return only("FlinkDeployment");
    }

    @Test
    void everyResourceHasANameAndKustomizeAppliesEveryManifest() {
        for (Map.Entry<String, List<Map<String, Object>>> kind : BY_KIND.entrySet()) {
            if (!kind.getKey().equals("Kustomization")) {
                assertThat(kind.getValue())
                        .allSatisfy(
                                resource ->
                                        assertThat(at(resource, "metadata.name"))
                                                .as(kind.getKey())
                                                .isInstanceOf(String.class));
            }
        }
        List<Object> resources = list(only("Kustomization").get("resources"), "resources");
        List<String> manifests = new ArrayList<>(FILES);
        manifests.remove("kustomization.yaml");
        assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
    }

    @Test
    void strimziRunsThisBuildsKafkaInKraftModeWithTheContractsTopics() {
        Map<String, Object> kafka = only("Kafka");
        String cluster = (String) at(kafka, "metadata.name");
        assertThat(at(kafka, "spec.kafka.version")).isEqualTo(AppInfoParser.getVersion());
        assertThat(map(at(kafka, "metadata.annotations"), "annotations"))
                .containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        assertThat(list(at(only("KafkaNodePool"), "spec.roles"), "roles"))
                .containsExactlyInAnyOrder("controller", "broker");

        List<String> topics = new ArrayList<>();
        for (Map<String, Object> topic : BY_KIND.get("KafkaTopic")) {
            assertThat(map(at(topic, "metadata.labels"), "labels"))
                    .containsEntry("strimzi.io/cluster", cluster);
            String name = (String) at(topic, "spec.topicName");
            topics.add(name);
            if (name.equals(SconeTopics.FGRAM_TABLE)) {
                assertThat(map(at(topic, "spec.config"), "config"))
                        .containsEntry("cleanup.policy", "compact");
            }
        }
        assertThat(topics).containsExactlyInAnyOrderElementsOf(SconeTopics.names());
    }

    @Test
    void theFlinkDeploymentRunsTheServiceJobWithOptionsItAccepts() {
        Map<String, Object> deployment = flinkDeployment();
        String[] version = EnvironmentInformation.getVersion().split("\\.");
        assertThat(at(deployment, "spec.flinkVersion"))
                .isEqualTo("v" + version[0] + "_" + version[1]);
        assertThat(at(deployment, "spec.job.entryClass")).isEqualTo(ServiceJobMain.class.getName());
        assertThat(at(deployment, "spec.job.upgradeMode")).isEqualTo("savepoint");

        List<String> args = new ArrayList<>();
        list(at(deployment, "spec.job.args"), "args").forEach(arg -> args.add(arg.toString()));
        ServiceOptions config = DeployedJob.options(args);
        DeployedJob.assertNamesEverySconeTopic(config);
        assertThat(config.parallelism).isEqualTo(at(deployment, "spec.job.parallelism"));
        String kafka = (String) at(only("Kafka"), "metadata.name");
        Map<String, Object> listener =
                map(
                        list(at(only("Kafka"), "spec.kafka.listeners"), "listeners").get(0),
                        "listener");
        assertThat(config.bootstrapServers)
                .isEqualTo(kafka + "-kafka-bootstrap:" + listener.get("port"));
    }

    @Test
    void theImageHoldsTheJarModelAndTableTheDeploymentNames() throws IOException {
        Map<String, Object> deployment = flinkDeployment();
        String dockerfile = Files.readString(k8s.resolve("Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile)
                .contains("FROM flink:" + EnvironmentInformation.getVersion() + "-java17")
                .contains("COPY --chown=flink:flink flink-jobs/deploy/target/scone-job.jar ");
        String jar = ((String) at(deployment, "spec.job.jarURI")).replace("local://", "");
        assertThat(dockerfile).contains(" " + jar + "\n");
        List<Object> args = list(at(deployment, "spec.job.args"), "args");
        String model = (String) args.get(args.indexOf("--model") + 1);
        String table = (String) args.get(args.indexOf("--table") + 1);
        assertThat(dockerfile)
                .contains(" " + Path.of(model).getParent() + "\n")
                .contains(" " + table + "\n");
        assertThat(dockerfile)
                .contains("docker build -f k8s/Dockerfile -t " + at(deployment, "spec.image"));
    }

    @Test
    void stateIsRocksDbWithCheckpointsAndHaOnAVolumeEveryPodMounts() {
        Map<String, Object> flink = map(at(flinkDeployment(), "spec.flinkConfiguration"), "conf");
        assertThat(flink.keySet())
                .allSatisfy(key -> assertThat(FlinkOptions.isKnown(key)).as(key).isTrue());
        assertThat(flink)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry("high-availability.type", "kubernetes")
                .containsEntry("classloader.resolve-order", "parent-first");
        for (String template : List.of("spec.podTemplate", "spec.taskManager.podTemplate")) {
            List<String> mounted = mountPaths(map(at(flinkDeployment(), template), template));
            for (String key :
                    List.of(
                            "execution.checkpointing.dir",
                            "execution.checkpointing.savepoint-dir",
                            "high-availability.storageDir")) {
                String path = ((String) flink.get(key)).replace("file://", "");
                assertThat(mounted)
                        .as("%s of %s is on a mounted volume", key, template)
                        .anySatisfy(mount -> assertThat(path).startsWith(mount + "/"));
            }
        }
    }

    @Test
    void taskManagersAskForAGpu() {
        Map<String, Object> container =
                map(
                        list(
                                        at(
                                                flinkDeployment(),
                                                "spec.taskManager.podTemplate.spec.containers"),
                                        "containers")
                                .get(0),
                        "container");
        assertThat(container.get("name")).isEqualTo("flink-main-container");
        assertThat(map(at(container, "resources.limits"), "limits"))
                .containsEntry("nvidia.com/gpu", 1);
        assertThat(map(at(container, "resources.requests"), "requests"))
                .containsEntry("nvidia.com/gpu", 1);
    }

    private static List<String> mountPaths(Map<String, Object> podTemplate) {
        List<String> paths = new ArrayList<>();
        for (Object container : list(at(podTemplate, "spec.containers"), "containers")) {
            for (Object mount : list(map(container, "container").get("volumeMounts"), "mounts")) {
                paths.add((String) map(mount, "mount").get("mountPath"));
            }
        }
        return paths;
    }
}
