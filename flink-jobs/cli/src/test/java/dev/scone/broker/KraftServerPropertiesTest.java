package dev.scone.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KraftServerPropertiesTest {

    @TempDir Path dir;

    @Test
    void everyListenerIsBoundToLoopbackOnly() {
        Properties properties =
                KraftServerProperties.singleNode(dir.resolve("kraft"), 19092, 19093, Map.of());

        assertThat(properties.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        assertThat(properties.getProperty("advertised.listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:19092");
        assertThat(properties.getProperty("controller.quorum.voters"))
                .isEqualTo("1@127.0.0.1:19093");
        assertThat(properties.getProperty("process.roles")).isEqualTo("broker,controller");
    }

    @Test
    void internalTopicsFitOneBroker() {
        Properties properties =
                KraftServerProperties.singleNode(dir.resolve("kraft"), 19092, 19093, Map.of());

        assertThat(properties)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void overridesWin() {
        Properties properties =
                KraftServerProperties.singleNode(
                        dir.resolve("kraft"),
                        19092,
                        19093,
                        Map.of("log.cleaner.backoff.ms", "100", "num.partitions", "2"));

        assertThat(properties)
                .containsEntry("log.cleaner.backoff.ms", "100")
                .containsEntry("num.partitions", "2");
    }

    @Test
    void controllerPortIsReadBackFromAWrittenFile() throws IOException {
        Path file = dir.resolve("server.properties");
        KraftServerProperties.write(
                KraftServerProperties.singleNode(dir.resolve("kraft"), 19092, 23456, Map.of()),
                file);

        assertThat(KraftServerProperties.previousControllerPort(file)).hasValue(23456);
    }

    @Test
    void missingOrBrokenFileHasNoPreviousControllerPort() throws IOException {
        Path broken = dir.resolve("broken.properties");
        Files.writeString(broken, "controller.quorum.voters=1@127.0.0.1:notaport\n");

        assertThat(KraftServerProperties.previousControllerPort(dir.resolve("absent"))).isEmpty();
        assertThat(KraftServerProperties.previousControllerPort(broken)).isEmpty();
    }
}
