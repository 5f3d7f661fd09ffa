package dev.scone.cli.cluster;

import dev.scone.broker.LocalKafkaBroker;
import dev.scone.schemas.topic.SconeTopics;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Flink session cluster on this machine as separate JVMs — one JobManager
 * (StandaloneSessionClusterEntrypoint, REST API and Web UI on 127.0.0.1) and N TaskManagers
 * (TaskManagerRunner) — plus, when asked, a Kafka broker. Everything runs from the jars of this
 * JVM's class path with a generated config.yaml; each process's log, output and pid file live under
 * the cluster directory.
 *
 * <p>{@link #up} is idempotent: it starts whichever process is not running, so a TaskManager killed
 * with {@code kill -9} comes back with the next {@code up}. An attached cluster's processes end
 * with this JVM (tests); a detached one's keep running until {@link #down} ({@code scone cluster}).
 */
public final class MultiProcessCluster implements AutoCloseable {

    /** Main class of the JobManager of a standalone session cluster. */
    public static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";

    /** Main class of a standalone TaskManager. */
    public static final String TASK_MANAGER_MAIN =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String KAFKA_HEAP = "-Xmx512m";

    private final ClusterSettings settings;
    private final boolean attached;
    private final ClusterProcess jobManager;
    private final List<ClusterProcess> taskManagers = new ArrayList<>();
    private final ClusterProcess kafka;
    private final FlinkRestClient rest;
    private LocalKafkaBroker attachedBroker;

    /**
     * @param attached whether the processes end with this JVM (see {@link ProcessMain})
     */
    public MultiProcessCluster(ClusterSettings settings, boolean attached) {
        this.settings = settings;
        this.attached = attached;
        this.jobManager = process("jobmanager", settings.logDir().resolve("jobmanager.out"));
        for (int i = 1; i <= settings.taskManagers(); i++) {
            taskManagers.add(
                    process(
                            "taskmanager-" + i,
                            settings.logDir().resolve("taskmanager-" + i + ".out")));
        }
        this.kafka = process("kafka", settings.kafkaDir().resolve("broker.log"));
        this.rest = new FlinkRestClient(settings.restAddress());
    }

    private ClusterProcess process(String name, Path output) {
        return new ClusterProcess(name, settings.runDir().resolve(name + ".pid"), output);
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** The JobManager's REST endpoint, {@code http://127.0.0.1:PORT}. */
    public String restAddress() {
        return settings.restAddress();
    }

    public FlinkRestClient rest() {
        return rest;
    }

    public ClusterProcess jobManager() {
        return jobManager;
    }

    /** TaskManager {@code number}, counted from 1. */
    public ClusterProcess taskManager(int number) {
        if (number < 1 || number > taskManagers.size()) {
            throw new IllegalArgumentException(
                    "There is no TaskManager "
                            + number
                            + "; the cluster has "
                            + taskManagers.size()
                            + ".");
        }
        return taskManagers.get(number - 1);
    }

    public List<ClusterProcess> taskManagers() {
        return List.copyOf(taskManagers);
    }

    /** The broker process of a detached cluster with Kafka. */
    public ClusterProcess kafka() {
        return kafka;
    }

    /** Where the broker's log is. */
    public Path kafkaLog() {
        return settings.kafkaDir().resolve("broker.log");
    }

    /** Every process of the cluster, in start order. */
    public List<ClusterProcess> processes() {
        List<ClusterProcess> all = new ArrayList<>();
        if (settings.kafka()) {
            all.add(kafka);
        }
        all.add(jobManager);
        all.addAll(taskManagers);
        return all;
    }

    /** Whether the cluster's Kafka broker runs. */
    public boolean kafkaRunning() {
        return attached ? attachedBroker != null && attachedBroker.isRunning() : kafka.isRunning();
    }

    /**
     * Starts every process that is not running and waits until the JobManager answers and every
     * TaskManager started here has registered with it.
     *
     * @return names of the processes started, in order; empty when all were running
     * @throws IllegalArgumentException when a port the cluster needs is taken by something else
     * @throws IllegalStateException when a process exits or does not get ready within {@code limit}
     */
    public List<String> up(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        settings.validate();
        settings.save();
        Configuration flink = FlinkClusterConfig.of(settings);
        FlinkClusterConfig.write(flink, settings.confDir());
        Files.createDirectories(settings.checkpointDir());
        Files.createDirectories(settings.savepointDir());

        List<String> started = new ArrayList<>();
        if (settings.kafka() && !kafkaRunning()) {
            startKafka(deadline);
            started.add(kafka.name());
        }
        if (!jobManager.isRunning()) {
            requireFree(settings.restPort(), "--rest-port");
            requireFree(settings.rpcPort(), "--rpc-port");
            startJobManager(flink);
            started.add(jobManager.name());
        }
        awaitRest(deadline);
        List<String> registering = new ArrayList<>();
        for (ClusterProcess taskManager : taskManagers) {
            if (!taskManager.isRunning()) {
                registering.add(startTaskManager(flink, taskManager));
                started.add(taskManager.name());
            }
        }
        awaitRegistered(registering, deadline);
        return started;
    }

    /**
     * Stops TaskManagers, the JobManager and the broker, each with its own clean shutdown first.
     * Running jobs end with the cluster; their checkpoints stay in the checkpoint directory.
     *
     * @return names of the processes that were running
     */
    public List<String> down() {
        List<String> stopped = new ArrayList<>();
        List<ClusterProcess> all = new ArrayList<>(taskManagers);
        // TaskManagers an earlier 'up' with more of them started are stopped too.
        for (int i = taskManagers.size() + 1; i <= ClusterSettings.MAX_TASK_MANAGERS; i++) {
            all.add(
                    process(
                            "taskmanager-" + i,
                            settings.logDir().resolve("taskmanager-" + i + ".out")));
        }
        for (ClusterProcess taskManager : all) {
            if (taskManager.isRunning()) {
                taskManager.stop(STOP_GRACE);
                stopped.add(taskManager.name());
            }
        }
        if (jobManager.isRunning()) {
            jobManager.stop(STOP_GRACE);
            stopped.add(jobManager.name());
        }
        if (attachedBroker != null) {
            attachedBroker.close();
            attachedBroker = null;
            stopped.add(kafka.name());
        } else if (kafka.isRunning()) {
            kafka.stop(Duration.ofSeconds(60));
            stopped.add(kafka.name());
        }
        return stopped;
    }

    /** Stops an attached cluster; a detached one keeps running. */
    @Override
    public void close() {
        if (attached) {
            down();
        }
    }

    private void startJobManager(Configuration flink) throws IOException {
        FlinkClusterConfig.ProcessArguments memory = FlinkClusterConfig.jobManager(flink);
        List<String> program =
                new ArrayList<>(List.of("--configDir", settings.confDir().toString()));
        program.addAll(memory.dynamicProperties());
        jobManager.start(
                JavaCommand.of(
                        jvmOptions(jobManager, memory.jvmOptions(), "jobmanager.log"),
                        attached,
                        JOB_MANAGER_MAIN,
                        program),
                environment(),
                settings.workDir(jobManager.name()),
                attached);
    }

    /** Starts one TaskManager and returns the resource id it registers with. */
    private String startTaskManager(Configuration flink, ClusterProcess taskManager)
            throws IOException {
        FlinkClusterConfig.ProcessArguments memory = FlinkClusterConfig.taskManager(flink);
        // A fresh id per start: the JobManager tells a restarted TaskManager from the dead one.
        String resourceId =
                taskManager.name() + "-" + Long.toString(System.currentTimeMillis(), 36);
        Path workDir = settings.workDir(taskManager.name());
        Path tmp = workDir.resolve("tmp");
        Files.createDirectories(tmp);
        List<String> program =
                new ArrayList<>(List.of("--configDir", settings.confDir().toString()));
        program.addAll(List.of("-D", "taskmanager.resource-id=" + resourceId));
        program.addAll(List.of("-D", "io.tmp.dirs=" + tmp));
        program.addAll(memory.dynamicProperties());
        taskManager.start(
                JavaCommand.of(
                        jvmOptions(taskManager, memory.jvmOptions(), taskManager.name() + ".log"),
                        attached,
                        TASK_MANAGER_MAIN,
                        program),
                environment(),
                workDir,
                attached);
        return resourceId;
    }

    private List<String> jvmOptions(ClusterProcess process, List<String> memory, String logName) {
        List<String> options = new ArrayList<>(memory);
        options.addAll(FlinkClusterConfig.JAVA_17_OPTIONS);
        options.add("-XX:+UseParallelGC");
        options.add(process.markerOption());
        options.add("-Dlog.file=" + settings.logDir().resolve(logName));
        options.add(
                "-Dlog4j.configurationFile="
                        + settings.confDir().resolve("log4j.properties").toUri());
        // The PyTorch native library ships inside the jars; DJL must not try to download one.
        options.add("-Dai.djl.offline=true");
        options.add("-Dorg.apache.avro.limits.string.maxLength=16777216");
        options.add("-Dorg.apache.avro.limits.bytes.maxLength=16777216");
        return options;
    }

    /**
     * PyTorch on the CPU allocates and frees tens of MB per step; keeping that memory in the heap
     * instead of returning it to the OS each time makes the decoder several times faster. One
     * arena, because a secondary arena is a mapped heap of at most 64 MB that cannot hold a batch's
     * logits (they would be mapped and faulted in anew each time), and each untrimmed arena keeps
     * its own high-water mark.
     */
    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("MALLOC_ARENA_MAX", "1");
        environment.put("MALLOC_MMAP_THRESHOLD_", "4294967296");
        environment.put("MALLOC_TRIM_THRESHOLD_", "17179869184");
        return environment;
    }

    private void startKafka(long deadline) throws IOException, InterruptedException {
        Path dataDir = settings.kafkaDir();
        if (attached) {
            attachedBroker = LocalKafkaBroker.start(dataDir, settings.kafkaPort());
        } else {
            requireFree(settings.kafkaPort(), "--kafka-port");
            if (!preparedFor(dataDir, settings.kafkaPort())) {
                // LocalKafkaBroker writes the single-node configuration and formats the storage;
                // the broker then runs on its own, detached from this command.
                LocalKafkaBroker.start(dataDir, settings.kafkaPort()).close();
            }
            List<String> jvm =
                    List.of(
                            KAFKA_HEAP,
                            "-Djava.awt.headless=true",
                            "-Dlog4j2.configurationFile="
                                    + dataDir.resolve("log4j2-broker.properties"),
                            kafka.markerOption());
            kafka.start(
                    JavaCommand.of(
                            jvm,
                            false,
                            "dev.scone.broker.KafkaBrokerMain",
                            List.of(
                                    dataDir.resolve("server.properties").toString(),
                                    clusterId(dataDir))),
                    Map.of(),
                    dataDir,
                    false);
            awaitKafka(deadline);
        }
        try (Admin admin = Admin.create(adminProperties())) {
            SconeTopics.ensureTopics(admin, settings.partitions());
        }
    }

    private Map<String, Object> adminProperties() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "scone-cluster",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    }

    private void awaitKafka(long deadline) throws InterruptedException {
        try (Admin admin = Admin.create(adminProperties())) {
            while (true) {
                checkAlive(kafka, kafkaLog(), deadline);
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // The broker is still starting.
                }
                Thread.sleep(250);
            }
        }
    }

    /** Whether the broker directory is formatted and configured for {@code port}. */
    private static boolean preparedFor(Path dataDir, int port) throws IOException {
        Path serverProperties = dataDir.resolve("server.properties");
        if (!Files.isRegularFile(serverProperties)
                || !Files.isRegularFile(dataDir.resolve("kraft/meta.properties"))
                || !Files.isRegularFile(dataDir.resolve("log4j2-broker.properties"))) {
            return false;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(serverProperties, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties
                .getProperty("advertised.listeners", "")
                .endsWith(FlinkClusterConfig.HOST + ":" + port);
    }

    private static String clusterId(Path dataDir) throws IOException {
        Properties meta = new Properties();
        try (Reader reader =
                Files.newBufferedReader(
                        dataDir.resolve("kraft/meta.properties"), StandardCharsets.UTF_8)) {
            meta.load(reader);
        }
        String id = meta.getProperty("cluster.id", "").trim();
        if (id.isEmpty()) {
            throw new IllegalStateException(
                    dataDir.resolve("kraft/meta.properties") + " names no cluster.id.");
        }
        return id;
    }

    private void awaitRest(long deadline) throws InterruptedException {
        while (!rest.isReachable()) {
            checkAlive(jobManager, settings.logDir().resolve("jobmanager.log"), deadline);
            Thread.sleep(250);
        }
    }

    private void awaitRegistered(List<String> resourceIds, long deadline)
            throws IOException, InterruptedException {
        while (!resourceIds.isEmpty()) {
            if (rest.taskManagerIds().containsAll(resourceIds)) {
                return;
            }
            for (ClusterProcess taskManager : taskManagers) {
                checkAlive(
                        taskManager,
                        settings.logDir().resolve(taskManager.name() + ".log"),
                        deadline);
            }
            Thread.sleep(250);
        }
    }

    private static void checkAlive(ClusterProcess process, Path log, long deadline) {
        if (process.exitStatus().isPresent()) {
            throw new IllegalStateException(
                    process.name()
                            + " exited with status "
                            + process.exitStatus().getAsLong()
                            + " while starting; the end of "
                            + log
                            + " says:\n"
                            + tail(log, 20)
                            + "\n(its output is in "
                            + process.outputFile()
                            + ")");
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                    process.name() + " did not get ready in time; see " + log + ".");
        }
    }

    /** The last {@code lines} lines of a log, for a diagnosis in one exception message. */
    static String tail(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return "(no log yet)";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - 16 * 1024);
            file.seek(start);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
            return String.join(
                    "\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return "(the log could not be read: " + e.getMessage() + ")";
        }
    }

    private static void requireFree(int port, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(
                    new InetSocketAddress(InetAddress.getByName(FlinkClusterConfig.HOST), port), 1);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Port "
                            + port
                            + " on "
                            + FlinkClusterConfig.HOST
                            + " is in use; stop what listens there or choose another "
                            + option
                            + ".");
        }
    }
}
