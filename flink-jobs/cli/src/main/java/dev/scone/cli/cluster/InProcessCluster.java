package dev.scone.cli.cluster;

import dev.scone.process.LoopbackPorts;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded default: a Flink MiniCluster in this JVM with the Web UI on 127.0.0.1, enough slots
 * for the service at its parallelism.
 */
public final class InProcessCluster {

    private InProcessCluster() {}

    /**
     * An environment backed by a local MiniCluster with the Web UI.
     *
     * @param preferredPort the Web UI / REST port to try first; the next free port is taken when it
     *     is busy, so a second demo does not fail on a taken port
     */
    public static StreamExecutionEnvironment create(
            Configuration base, int parallelism, int preferredPort) {
        Configuration configuration = new Configuration(base);
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.PORT, LoopbackPorts.freeFrom(preferredPort));
        configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, Math.max(1, parallelism));
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(configuration);
    }

    /** The REST address of an environment made by {@link #create}. */
    public static String restAddress(StreamExecutionEnvironment env) {
        return "http://127.0.0.1:" + env.getConfiguration().get(RestOptions.PORT);
    }
}
