package dev.scone.tests.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

/**
 * The configuration keys Flink 2.2 knows, read from its option classes, so a deployment file with a
 * misspelt or removed key (Flink 2 renamed many) fails here instead of being ignored by the
 * cluster.
 */
final class FlinkOptions {

    private static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    CoreOptions.class,
                    CheckpointingOptions.class,
                    StateBackendOptions.class,
                    StateRecoveryOptions.class,
                    RestartStrategyOptions.class,
                    JobManagerOptions.class,
                    TaskManagerOptions.class,
                    RestOptions.class,
                    WebOptions.class,
                    HighAvailabilityOptions.class,
                    HeartbeatManagerOptions.class,
                    MetricOptions.class,
                    PipelineOptions.class,
                    RocksDBOptions.class,
                    RocksDBConfigurableOptions.class);

    /** Settings of a named metric reporter: metrics.reporter.NAME.SETTING. */
    private static final Set<String> REPORTER_SETTINGS =
            Set.of("factory.class", "port", "interval", "scope.delimiter", "filter.includes");

    private static final Set<String> KEYS = keys();

    private FlinkOptions() {}

    /**
     * Whether {@code key} is a Flink option. Keys of the Kubernetes integration (whose option
     * classes are not on this build's class path) are accepted by prefix.
     */
    static boolean isKnown(String key) {
        if (KEYS.contains(key) || key.startsWith("kubernetes.")) {
            return true;
        }
        String[] parts = key.split("\\.", 4);
        return parts.length == 4
                && parts[0].equals("metrics")
                && parts[1].equals("reporter")
                && REPORTER_SETTINGS.contains(parts[3]);
    }

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>();
        for (Class<?> options : OPTION_CLASSES) {
            for (Field field : options.getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && ConfigOption.class.isAssignableFrom(field.getType())) {
                    try {
                        keys.add(((ConfigOption<?>) field.get(null)).key());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return keys;
    }
}
