package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.cluster.ClusterSettings;
import dev.scone.cli.cluster.FlinkClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cluster's config.yaml, read back the way Flink's own processes read it. */
class FlinkClusterConfigTest {

    @TempDir Path temp;

    private Configuration writtenAndReadBack(ClusterSettings settings) throws Exception {
        FlinkClusterConfig.write(FlinkClusterConfig.of(settings), temp.resolve("conf"));
        return GlobalConfiguration.loadConfiguration(temp.resolve("conf").toString());
    }

    @Test
    void everyAddressIsTheLoopbackInterface() throws Exception {
        Configuration flink =
                writtenAndReadBack(new ClusterSettings(temp).restPort(18081).rpcPort(16123));

        assertThat(
                        List.of(
                                flink.get(JobManagerOptions.ADDRESS),
                                flink.get(JobManagerOptions.BIND_HOST),
                                flink.get(TaskManagerOptions.HOST),
                                flink.get(TaskManagerOptions.BIND_HOST),
                                flink.get(RestOptions.ADDRESS),
                                flink.get(RestOptions.BIND_ADDRESS)))
                .containsOnly("127.0.0.1");
        assertThat(flink.get(RestOptions.PORT)).isEqualTo(18081);
        assertThat(flink.get(JobManagerOptions.PORT)).isEqualTo(16123);
    }

    @Test
    void stateIsRocksDbWithIncrementalCheckpointsInTheSharedClusterDirectory() throws Exception {
        ClusterSettings settings = new ClusterSettings(temp.resolve("cluster"));
        Configuration flink = writtenAndReadBack(settings);

        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(flink.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(
                        Path.of(
                                java.net.URI.create(
                                        flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))))
                .isEqualTo(settings.checkpointDir());
        assertThat(
                        Path.of(
                                java.net.URI.create(
                                        flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))))
                .isEqualTo(settings.savepointDir());
        assertThat(flink.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL))
                .containsExactly(FlinkClusterConfig.PARENT_FIRST_PACKAGES);
    }

    @Test
    void sizesAndSlotsFollowTheSettingsAndOverridesComeLast() throws Exception {
        Configuration flink =
                writtenAndReadBack(
                        new ClusterSettings(temp)
                                .taskManagers(3)
                                .slotsPerTaskManager(2)
                                .taskManagerMemory("2g")
                                .flinkOverride(
                                        HeartbeatManagerOptions.HEARTBEAT_TIMEOUT.key(), "7 s"));

        assertThat(flink.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(2);
        assertThat(flink.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(6);
        assertThat(flink.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY))
                .isEqualTo(MemorySize.parse("2g"));
        assertThat(flink.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(7));
    }
}
