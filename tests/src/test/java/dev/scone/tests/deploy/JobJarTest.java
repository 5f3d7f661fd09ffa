package dev.scone.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scone.cli.cluster.RemoteSubmission;
import dev.scone.cluster.ServiceJobMain;
import dev.scone.flink.sql.SconeModelProviderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar a stock Flink 2.2 cluster runs: its main class is the service job, it carries
 * the Kafka connector and clients, DJL with PyTorch's CPU library, Avro, JTokkit and the model, and
 * leaves out Flink itself and the Kafka broker; it declares the scone SQL model provider. Skipped
 * until the jar is built with {@code mvn -Pjob-jar -pl flink-jobs/deploy -am package}; the default
 * build does not shade.
 */
class JobJarTest {

    private static final List<String> ENTRIES = new ArrayList<>();
    private static String mainClass;
    private static String tableFactories;

    @BeforeAll
    static void readJar() throws IOException {
        Path jar = Checkout.root().resolve(RemoteSubmission.JOB_JAR);
        if (!Files.isRegularFile(jar)) {
            return;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
            file.stream().forEach(entry -> ENTRIES.add(entry.getName()));
            var factories = file.getEntry(TABLE_FACTORIES);
            if (factories != null) {
                try (var in = file.getInputStream(factories)) {
                    tableFactories = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
    }

    private static final String TABLE_FACTORIES =
            "META-INF/services/org.apache.flink.table.factories.Factory";

    private static boolean holds(String prefix) {
        return ENTRIES.stream().anyMatch(name -> name.startsWith(prefix));
    }

    @Test
    void theMainClassIsTheServiceJob() {
        assumeTrue(mainClass != null, "the job jar is not built");
        assertThat(mainClass).isEqualTo(ServiceJobMain.class.getName());
        assertThat(ENTRIES).contains(ServiceJobMain.class.getName().replace('.', '/') + ".class");
    }

    @Test
    void itCarriesWhatAStockFlinkLacks() {
        assumeTrue(mainClass != null, "the job jar is not built");
        assertThat(
                        List.of(
                                "org/apache/flink/connector/kafka/source/KafkaSource",
                                "org/apache/kafka/clients/producer/KafkaProducer",
                                "ai/djl/pytorch/engine/PtEngine",
                                "pytorch/cpu/linux-x86_64/libtorch_cpu.so",
                                "org/apache/avro/Schema",
                                "com/knuddels/jtokkit/",
                                "dev/scone/model/",
                                "dev/scone/schemas/Document"))
                .allSatisfy(entry -> assertThat(holds(entry)).as(entry).isTrue());
    }

    @Test
    void itDeclaresTheSconeModelProviderBesideTheKafkaTables() {
        assumeTrue(mainClass != null, "the job jar is not built");
        assertThat(tableFactories)
                .as(TABLE_FACTORIES)
                .isNotNull()
                .contains(SconeModelProviderFactory.class.getName())
                .contains(
                        "org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory");
        assertThat(holds("org/apache/flink/table/api/")).as("Flink's table API").isFalse();
    }

    @Test
    void itLeavesOutFlinkAndTheKafkaBroker() {
        assumeTrue(mainClass != null, "the job jar is not built");
        assertThat(
                        List.of(
                                "org/apache/flink/runtime/",
                                "org/apache/flink/streaming/api/environment/",
                                "org/apache/flink/state/rocksdb/",
                                "org/rocksdb/",
                                "kafka/server/",
                                "scala/",
                                "org/apache/logging/log4j/",
                                "org/slf4j/"))
                .allSatisfy(entry -> assertThat(holds(entry)).as(entry).isFalse());
    }
}
