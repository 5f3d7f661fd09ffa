package dev.scone.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The Flink configuration of the local session cluster, written as the {@code config.yaml} that
 * Flink 2 reads, plus what Flink's start scripts would otherwise compute: each process's JVM memory
 * flags and the derived memory options it is started with.
 *
 * <p>Every address is 127.0.0.1. State lives in RocksDB with incremental checkpoints to one
 * directory that every process of the cluster sees, so a TaskManager started after another was
 * killed restores what the dead one held.
 */
public final class FlinkClusterConfig {

    /** The only address the local cluster binds to or advertises. */
    public static final String HOST = "127.0.0.1";

    /**
     * Packages loaded from the cluster's class path even when a job jar also contains them. The
     * PyTorch native library can be loaded once per JVM only: loaded by a job's own class loader, a
     * restarted or resubmitted job on the same TaskManager could not load it again.
     */
    public static final String PARENT_FIRST_PACKAGES = "ai.djl.";

    /**
     * JVM options every Flink process needs on Java 17 (the list Flink's distribution passes in
     * env.java.default-opts.all): Flink's serializers and Kryo reflect into these packages.
     */
    static final List<String> JAVA_17_OPTIONS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private FlinkClusterConfig() {}

    /** The cluster's configuration, with {@link ClusterSettings#flinkOverrides()} applied last. */
    public static Configuration of(ClusterSettings settings) {
        Configuration flink = new Configuration();
        flink.set(JobManagerOptions.ADDRESS, HOST);
        flink.set(JobManagerOptions.BIND_HOST, HOST);
        flink.set(JobManagerOptions.PORT, settings.rpcPort());
        flink.set(
                JobManagerOptions.TOTAL_PROCESS_MEMORY,
                MemorySize.parse(settings.jobManagerMemory()));
        flink.set(TaskManagerOptions.HOST, HOST);
        flink.set(TaskManagerOptions.BIND_HOST, HOST);
        flink.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.slotsPerTaskManager());
        flink.set(
                TaskManagerOptions.TOTAL_PROCESS_MEMORY,
                MemorySize.parse(settings.taskManagerMemory()));
        // RocksDB's block cache and write buffers come out of managed memory; the decoder's
        // PyTorch and the table replica live outside it, so leave them more than the default.
        flink.set(TaskManagerOptions.MANAGED_MEMORY_FRACTION, 0.25f);
        flink.set(RestOptions.ADDRESS, HOST);
        flink.set(RestOptions.BIND_ADDRESS, HOST);
        flink.set(RestOptions.PORT, settings.restPort());
        flink.set(
                WebOptions.UPLOAD_DIR,
                settings.directory().resolve("web-upload").toAbsolutePath().toString());
        flink.set(WebOptions.TMP_DIR, settings.directory().resolve("web-tmp").toString());
        flink.set(
                CoreOptions.DEFAULT_PARALLELISM,
                settings.taskManagers() * settings.slotsPerTaskManager());
        flink.set(
                CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
                List.of(PARENT_FIRST_PACKAGES));

        flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                settings.checkpointDir().toUri().toString());
        flink.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                settings.savepointDir().toUri().toString());
        flink.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        // A job cancelled, or lost with 'scone cluster down', can be resumed from its last
        // checkpoint with 'flink run -s'.
        flink.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        // A TaskManager that dies without a word is noticed within seconds, not the default 50 s;
        // the timeout still leaves room for a busy two-core machine.
        flink.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(2));
        flink.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(20));
        for (Map.Entry<String, String> override : settings.flinkOverrides().entrySet()) {
            flink.setString(override.getKey(), override.getValue());
        }
        return flink;
    }

    /** Writes {@code config.yaml} and the log configuration into {@code confDir}. */
    public static void write(Configuration flink, Path confDir) throws IOException {
        Files.createDirectories(confDir);
        Files.writeString(confDir.resolve("config.yaml"), toYaml(flink), StandardCharsets.UTF_8);
        Files.writeString(confDir.resolve("log4j.properties"), LOG4J, StandardCharsets.UTF_8);
    }

    /**
     * Flink 2's config.yaml with one flat {@code key: value} line per option, sorted. Values are
     * quoted so YAML reads every one as the string Flink parses itself.
     */
    static String toYaml(Configuration flink) {
        StringBuilder yaml =
                new StringBuilder(
                        "# Flink configuration of the local SCONE Stream cluster; rewritten by"
                                + " 'scone cluster up'.\n");
        for (Map.Entry<String, String> option : new TreeMap<>(flink.toMap()).entrySet()) {
            yaml.append(option.getKey()).append(": ").append(quote(option.getValue())).append('\n');
        }
        return yaml.toString();
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** JVM options and program arguments of a TaskManager with this configuration. */
    static ProcessArguments taskManager(Configuration flink) {
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flink);
        return new ProcessArguments(
                split(ProcessMemoryUtils.generateJvmParametersStr(spec)),
                split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    }

    /** JVM options and program arguments of a JobManager with this configuration. */
    static ProcessArguments jobManager(Configuration flink) {
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(flink);
        return new ProcessArguments(
                split(JobManagerProcessUtils.generateJvmParametersStr(spec, flink)),
                split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    }

    private static List<String> split(String arguments) {
        List<String> parts = new ArrayList<>();
        for (String part : Arrays.asList(arguments.trim().split("\\s+"))) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** What Flink's start scripts derive from the memory options for one process. */
    record ProcessArguments(List<String> jvmOptions, List<String> dynamicProperties) {}

    private static final String LOG4J =
            String.join(
                    "\n",
                    "# Logging of the local cluster's Flink processes: one file per process,"
                            + " named by -Dlog.file.",
                    "monitorInterval = 30",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = MainAppender",
                    "appender.main.name = MainAppender",
                    "appender.main.type = RollingFile",
                    "appender.main.append = true",
                    "appender.main.fileName = ${sys:log.file}",
                    "appender.main.filePattern = ${sys:log.file}.%i",
                    "appender.main.layout.type = PatternLayout",
                    "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    "appender.main.policies.type = Policies",
                    "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
                    "appender.main.policies.size.size = 100MB",
                    "appender.main.strategy.type = DefaultRolloverStrategy",
                    "appender.main.strategy.max = 5",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    "logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline",
                    "logger.netty.level = ERROR",
                    "");
}
