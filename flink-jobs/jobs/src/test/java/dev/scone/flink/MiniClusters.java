package dev.scone.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the job tests run on: one TaskManager, one slot per parallel subtask. */
public final class MiniClusters {

    private MiniClusters() {}

    /** A cluster of one TaskManager with {@code slots} slots. */
    public static MiniClusterExtension oneTaskManager(int slots) {
        return oneTaskManager(slots, new Configuration());
    }

    /** A cluster of one TaskManager with {@code slots} slots and {@code configuration}. */
    public static MiniClusterExtension oneTaskManager(int slots, Configuration configuration) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(configuration)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }
}
