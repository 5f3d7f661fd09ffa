package dev.scone.cli.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The shape of a local cluster: where it keeps its files, its ports, how many TaskManagers with how
 * many slots and how much memory, and whether it runs a Kafka broker. Saved in the cluster
 * directory by {@code scone cluster up}, so {@code status}, {@code down} and the next {@code up}
 * find the same cluster without repeating the options.
 */
public final class ClusterSettings {

    /** File in the cluster directory holding the settings of the last {@code up}. */
    public static final String FILE = "cluster.properties";

    /** Most TaskManager processes one local cluster runs. */
    public static final int MAX_TASK_MANAGERS = 16;

    private final Path directory;
    private int restPort = 8081;
    private int rpcPort = 6123;
    private int taskManagers = 2;
    private int slotsPerTaskManager = 1;
    private String taskManagerMemory = "1536m";
    private String jobManagerMemory = "1024m";
    private int kafkaPort = 9092;
    private boolean kafka = true;
    private int partitions = 4;
    private final Map<String, String> flinkOverrides = new LinkedHashMap<>();

    /** Default settings for a cluster kept in {@code directory}. */
    public ClusterSettings(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The settings saved in {@code directory}, or the defaults when none were saved. */
    public static ClusterSettings load(Path directory) throws IOException {
        ClusterSettings settings = new ClusterSettings(directory);
        Path file = settings.directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return settings;
        }
        Properties saved = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            saved.load(reader);
        }
        try {
            settings.restPort = Integer.parseInt(saved.getProperty("rest.port", "8081"));
            settings.rpcPort = Integer.parseInt(saved.getProperty("rpc.port", "6123"));
            settings.taskManagers = Integer.parseInt(saved.getProperty("taskmanagers", "2"));
            settings.slotsPerTaskManager = Integer.parseInt(saved.getProperty("slots", "1"));
            settings.kafkaPort = Integer.parseInt(saved.getProperty("kafka.port", "9092"));
            settings.partitions = Integer.parseInt(saved.getProperty("partitions", "4"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    file + " holds a value that is not a number; fix or delete it.", e);
        }
        settings.taskManagerMemory = saved.getProperty("taskmanager.memory", "1536m");
        settings.jobManagerMemory = saved.getProperty("jobmanager.memory", "1024m");
        settings.kafka = Boolean.parseBoolean(saved.getProperty("kafka", "true"));
        return settings.validate();
    }

    /** Writes these settings to the cluster directory. */
    public void save() throws IOException {
        Properties saved = new Properties();
        saved.setProperty("rest.port", Integer.toString(restPort));
        saved.setProperty("rpc.port", Integer.toString(rpcPort));
        saved.setProperty("taskmanagers", Integer.toString(taskManagers));
        saved.setProperty("slots", Integer.toString(slotsPerTaskManager));
        saved.setProperty("taskmanager.memory", taskManagerMemory);
        saved.setProperty("jobmanager.memory", jobManagerMemory);
        saved.setProperty("kafka", Boolean.toString(kafka));
        saved.setProperty("kafka.port", Integer.toString(kafkaPort));
        saved.setProperty("partitions", Integer.toString(partitions));
        Files.createDirectories(directory);
        try (Writer writer =
                Files.newBufferedWriter(directory.resolve(FILE), StandardCharsets.UTF_8)) {
            saved.store(writer, "Settings of the local SCONE Stream cluster (scone cluster up)");
        }
    }

    /** Checks the values a user could get wrong, one sentence per problem. */
    public ClusterSettings validate() {
        requirePort(restPort, "--rest-port");
        requirePort(rpcPort, "--rpc-port");
        requirePort(kafkaPort, "--kafka-port");
        if (taskManagers < 1 || taskManagers > MAX_TASK_MANAGERS) {
            throw new IllegalArgumentException(
                    "--task-managers must be between 1 and " + MAX_TASK_MANAGERS + ".");
        }
        if (slotsPerTaskManager < 1 || slotsPerTaskManager > 64) {
            throw new IllegalArgumentException("--slots must be between 1 and 64.");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1.");
        }
        if (restPort == rpcPort || (kafka && (kafkaPort == restPort || kafkaPort == rpcPort))) {
            throw new IllegalArgumentException(
                    "The REST, RPC and Kafka ports must all be different.");
        }
        return this;
    }

    private static void requirePort(int port, String option) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " must be a TCP port (1..65535).");
        }
    }

    public Path directory() {
        return directory;
    }

    public int restPort() {
        return restPort;
    }

    public ClusterSettings restPort(int port) {
        this.restPort = port;
        return this;
    }

    public int rpcPort() {
        return rpcPort;
    }

    public ClusterSettings rpcPort(int port) {
        this.rpcPort = port;
        return this;
    }

    public int taskManagers() {
        return taskManagers;
    }

    public ClusterSettings taskManagers(int count) {
        this.taskManagers = count;
        return this;
    }

    public int slotsPerTaskManager() {
        return slotsPerTaskManager;
    }

    public ClusterSettings slotsPerTaskManager(int slots) {
        this.slotsPerTaskManager = slots;
        return this;
    }

    /** Total process memory of each TaskManager, in Flink's notation (such as 1536m). */
    public String taskManagerMemory() {
        return taskManagerMemory;
    }

    public ClusterSettings taskManagerMemory(String memory) {
        this.taskManagerMemory = memory;
        return this;
    }

    public String jobManagerMemory() {
        return jobManagerMemory;
    }

    public ClusterSettings jobManagerMemory(String memory) {
        this.jobManagerMemory = memory;
        return this;
    }

    /** Whether the cluster runs its own Kafka broker. */
    public boolean kafka() {
        return kafka;
    }

    public ClusterSettings kafka(boolean run) {
        this.kafka = run;
        return this;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public ClusterSettings kafkaPort(int port) {
        this.kafkaPort = port;
        return this;
    }

    /** Partitions of each SCONE topic the cluster's broker creates. */
    public int partitions() {
        return partitions;
    }

    public ClusterSettings partitions(int count) {
        this.partitions = count;
        return this;
    }

    /** Flink options applied over the generated configuration (tests tune timeouts with these). */
    public Map<String, String> flinkOverrides() {
        return flinkOverrides;
    }

    public ClusterSettings flinkOverride(String key, String value) {
        flinkOverrides.put(key, value);
        return this;
    }

    /** {@code http://127.0.0.1:REST_PORT}. */
    public String restAddress() {
        return "http://" + FlinkClusterConfig.HOST + ":" + restPort;
    }

    /** {@code 127.0.0.1:KAFKA_PORT}. */
    public String bootstrapServers() {
        return FlinkClusterConfig.HOST + ":" + kafkaPort;
    }

    Path confDir() {
        return directory.resolve("conf");
    }

    Path logDir() {
        return directory.resolve("log");
    }

    Path runDir() {
        return directory.resolve("run");
    }

    Path workDir(String processName) {
        return directory.resolve("work").resolve(processName);
    }

    /** Shared directory of every checkpoint: local here, a shared file system in production. */
    public Path checkpointDir() {
        return directory.resolve("checkpoints");
    }

    public Path savepointDir() {
        return directory.resolve("savepoints");
    }

    Path kafkaDir() {
        return directory.resolve("kafka");
    }
}
