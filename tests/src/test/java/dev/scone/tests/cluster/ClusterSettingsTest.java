package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.cli.cluster.ClusterSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code scone cluster up} remembers for the next command, and the options it refuses. */
class ClusterSettingsTest {

    @TempDir Path temp;

    @Test
    void savedSettingsAreWhatTheNextCommandLoads() throws Exception {
        new ClusterSettings(temp)
                .restPort(18081)
                .rpcPort(16124)
                .taskManagers(3)
                .slotsPerTaskManager(2)
                .taskManagerMemory("2g")
                .kafka(false)
                .kafkaPort(19093)
                .partitions(6)
                .save();

        ClusterSettings loaded = ClusterSettings.load(temp);

        assertThat(loaded.restPort()).isEqualTo(18081);
        assertThat(loaded.rpcPort()).isEqualTo(16124);
        assertThat(loaded.taskManagers()).isEqualTo(3);
        assertThat(loaded.slotsPerTaskManager()).isEqualTo(2);
        assertThat(loaded.taskManagerMemory()).isEqualTo("2g");
        assertThat(loaded.kafka()).isFalse();
        assertThat(loaded.kafkaPort()).isEqualTo(19093);
        assertThat(loaded.partitions()).isEqualTo(6);
        assertThat(loaded.restAddress()).isEqualTo("http://127.0.0.1:18081");
    }

    @Test
    void withoutSavedSettingsTheDefaultsApply() throws Exception {
        ClusterSettings defaults = ClusterSettings.load(temp.resolve("fresh"));

        assertThat(defaults.restPort()).isEqualTo(8081);
        assertThat(defaults.taskManagers()).isEqualTo(2);
        assertThat(defaults.kafka()).isTrue();
        assertThat(defaults.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void badValuesAreRefusedWithOneSentence() {
        assertThatThrownBy(() -> new ClusterSettings(temp).taskManagers(0).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--task-managers must be between 1 and 16.");
        assertThatThrownBy(() -> new ClusterSettings(temp).restPort(70000).validate())
                .hasMessage("--rest-port must be a TCP port (1..65535).");
        assertThatThrownBy(() -> new ClusterSettings(temp).kafkaPort(8081).validate())
                .hasMessage("The REST, RPC and Kafka ports must all be different.");
    }
}
