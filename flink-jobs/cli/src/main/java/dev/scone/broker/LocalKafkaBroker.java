package dev.scone.broker;

import dev.scone.kafka.KafkaClientProperties;
import dev.scone.process.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller in one process) on 127.0.0.1, for
 * {@code scone broker}, demos and integration tests. No Docker and no Kafka download: it runs the
 * Kafka server classes already on this JVM's class path.
 *
 * <p>The broker runs in a child JVM rather than inside this one. Its logs then stay out of the
 * command line's output and go to {@link #logFile()}, its threads and heap stay out of the tests,
 * and stopping it is a real process shutdown, which is what a restart test needs to prove. The
 * child stops by itself when this JVM dies (see {@link KafkaBrokerMain}).
 *
 * <p>Layout of the data directory: {@code server.properties} (rewritten on each start), {@code
 * kraft/} (the Kafka log and metadata directory, formatted on first start and reused after), {@code
 * broker.log} (appended) and {@code log4j2-broker.properties}; a secured broker adds {@code
 * security/} (see {@link BrokerSecurity}).
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** How long {@link #start} waits for the broker to answer before giving up. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final String HEAP_OPTION = "-Xmx512m";
    private static final Pattern EXCEPTION_LINE =
            Pattern.compile("^(Exception in thread|[\\w.$]+(Exception|Error|Failure)\\b)");
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final Path dataDir;
    private final int port;
    private final Map<String, String> brokerOverrides;
    private final BrokerSecurity security;
    private Process process;
    private OutputStream parentPipe;

    private LocalKafkaBroker(
            Path dataDir, int port, Map<String, String> brokerOverrides, BrokerSecurity security) {
        this.dataDir = dataDir;
        this.port = port;
        this.brokerOverrides = brokerOverrides;
        this.security = security;
    }

    /**
     * Starts a broker that keeps its data in {@code dataDir} (created and formatted when new,
     * reused otherwise) and answers on 127.0.0.1:{@code port}, and returns once it answers a
     * client.
     *
     * @param port the client port; 0 picks a free one, which then stays the same on {@link
     *     #restart()}
     * @throws IllegalArgumentException when {@code port} is already in use, or another broker uses
     *     {@code dataDir}
     * @throws IllegalStateException when the broker exits or does not answer within {@link
     *     #START_TIMEOUT}
     */
    public static LocalKafkaBroker start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, Map.of());
    }

    /**
     * As {@link #start(Path, int)}, with extra {@code server.properties} entries applied over
     * SCONE's single-node settings (for example a faster log cleaner in a compaction test).
     */
    public static LocalKafkaBroker start(
            Path dataDir, int port, Map<String, String> brokerOverrides) throws IOException {
        return start(dataDir, port, brokerOverrides, BrokerSecurity.Mode.NONE);
    }

    /**
     * As {@link #start(Path, int, Map)}, secured as {@code mode} says. A secured broker keeps its
     * certificate, passwords and client properties files in {@code dataDir/security} and gives the
     * service user its ACLs on every start; a directory formatted without security cannot be
     * secured later (its metadata lacks the SCRAM users), so use a new one.
     */
    public static LocalKafkaBroker start(
            Path dataDir, int port, Map<String, String> brokerOverrides, BrokerSecurity.Mode mode)
            throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is not a valid TCP port.");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        if (mode == BrokerSecurity.Mode.SCRAM_TLS && formattedWithoutSecurity(dir)) {
            throw new IllegalArgumentException(
                    "The data directory "
                            + dir
                            + " holds a broker made without --security scram-tls; choose another"
                            + " directory for the secured one.");
        }
        LocalKafkaBroker broker =
                new LocalKafkaBroker(
                        dir,
                        port == 0 ? LoopbackPorts.free() : port,
                        Map.copyOf(brokerOverrides),
                        mode == BrokerSecurity.Mode.SCRAM_TLS ? BrokerSecurity.prepare(dir) : null);
        broker.launch();
        return broker;
    }

    private static boolean formattedWithoutSecurity(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve("kraft").resolve("meta.properties"))
                && !Files.isDirectory(dataDir.resolve("security"));
    }

    /** {@code 127.0.0.1:PORT}, the value for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return KraftServerProperties.HOST + ":" + port;
    }

    /**
     * Client properties that reach this broker, as a base for producers and consumers; on a secured
     * broker those of its super user, {@value BrokerSecurity#ADMIN}.
     */
    public KafkaClientProperties clientProperties() {
        if (security != null) {
            return security.clientProperties(BrokerSecurity.ADMIN, bootstrapServers());
        }
        return KafkaClientProperties.of(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /**
     * Client properties of {@code user} on a secured broker.
     *
     * @throws IllegalStateException when the broker is not secured
     */
    public KafkaClientProperties clientProperties(String user) {
        return requireSecurity().clientProperties(user, bootstrapServers());
    }

    /**
     * The client properties file of {@code user} on a secured broker, written on every start.
     *
     * @throws IllegalStateException when the broker is not secured
     */
    public Path clientPropertiesFile(String user) {
        return requireSecurity().clientPropertiesFile(user);
    }

    /** The broker's security, or empty for a plain broker. */
    public Optional<BrokerSecurity> security() {
        return Optional.ofNullable(security);
    }

    private BrokerSecurity requireSecurity() {
        if (security == null) {
            throw new IllegalStateException("This broker was started without security.");
        }
        return security;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The directory holding the broker's configuration, data and log. */
    public Path dataDir() {
        return dataDir;
    }

    /** Where the broker process writes its log. */
    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** Whether the broker process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Stops the broker cleanly (if it runs) and starts it again on the same port and data, then
     * returns once it answers.
     */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    /**
     * Stops the broker: Kafka's own shutdown on SIGTERM, which flushes and closes the logs, then a
     * forced kill if that takes longer than a minute. Does nothing when it is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        try {
            stopping.destroy();
            if (!stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Kafka broker did not stop within {}; killing it.", STOP_TIMEOUT);
                stopping.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            stopping.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(parentPipe);
            parentPipe = null;
        }
        LOG.info("Kafka broker at {} stopped.", bootstrapServers());
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Blocks until the broker process exits, for a foreground {@code scone broker}.
     *
     * @return the process's exit status, or 0 when it was not running
     */
    public int awaitExit() throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        return running == null ? 0 : running.waitFor();
    }

    private void launch() throws IOException {
        if (!isFree(port)) {
            throw new IllegalArgumentException(
                    "Port "
                            + port
                            + " on "
                            + KraftServerProperties.HOST
                            + " is already in use; stop whatever listens there or choose another"
                            + " port.");
        }
        Path kraftDir = dataDir.resolve("kraft");
        Files.createDirectories(kraftDir);
        requireUnused(kraftDir);
        Path serverProperties = dataDir.resolve("server.properties");
        int controllerPort = controllerPort(serverProperties);
        Map<String, String> overrides = new LinkedHashMap<>();
        if (security != null) {
            overrides.putAll(security.serverProperties(port, controllerPort));
        }
        overrides.putAll(brokerOverrides);
        KraftServerProperties.write(
                KraftServerProperties.singleNode(kraftDir, port, controllerPort, overrides),
                serverProperties);
        Path loggingConfig = writeLoggingConfig();

        long logStart =
                appendToLog(
                        "=== " + Instant.now() + " starting Kafka broker at " + bootstrapServers());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP_OPTION);
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + loggingConfig);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(KafkaBrokerMain.class.getName());
        command.add(serverProperties.toString());
        command.add(clusterId(kraftDir));
        if (security != null) {
            // A file, not arguments: a process's arguments are visible to every local user.
            command.add(security.writeScramCredentials().toString());
        }
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(dataDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        // Standard input stays a pipe on purpose: the child stops when it closes.
        process = builder.start();
        parentPipe = process.getOutputStream();
        try {
            awaitReady(logStart);
            if (security != null) {
                grantServiceAcls();
                security.writeClientPropertiesFiles(bootstrapServers());
            }
        } catch (RuntimeException | Error | IOException e) {
            stop();
            throw e;
        }
        LOG.info(
                "Kafka broker ready at {} ({}, data in {}).",
                bootstrapServers(),
                security == null ? "PLAINTEXT" : "SASL_SSL with SCRAM-SHA-512 and ACLs",
                dataDir);
    }

    private void awaitReady(long logStart) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // Wait for the listener first: an admin client pointed at a closed port logs a
        // warning on every retry.
        while (!accepting()) {
            checkStillStarting(deadline, logStart);
            pause();
        }
        try (Admin admin = Admin.create(readinessClientProperties())) {
            while (true) {
                checkStillStarting(deadline, logStart);
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(POLL_INTERVAL.toMillis() * 10, TimeUnit.MILLISECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // Not ready yet: the broker is still registering with its controller.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "Interrupted while waiting for the Kafka broker to start.", e);
                }
                pause();
            }
        }
    }

    /** Gives the service user its ACLs; bindings that exist already are left as they are. */
    private void grantServiceAcls() {
        try (Admin admin = Admin.create(readinessClientProperties())) {
            admin.createAcls(BrokerSecurity.serviceAcls())
                    .all()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "The ACLs of user "
                            + BrokerSecurity.SERVICE
                            + " could not be created: "
                            + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating ACLs.", e);
        }
    }

    /**
     * This JVM's class path with every entry made absolute, since the broker runs in the data
     * directory, where relative entries would point nowhere.
     */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private Map<String, Object> readinessClientProperties() {
        Map<String, Object> properties = clientProperties().toMap();
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "scone-broker-readiness");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return properties;
    }

    private void checkStillStarting(long deadline, long logStart) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "The Kafka broker exited with status "
                            + process.exitValue()
                            + " while starting; "
                            + logFile()
                            + " says: "
                            + startupProblem(logStart));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                    "The Kafka broker did not answer within "
                            + START_TIMEOUT.toSeconds()
                            + " s; see "
                            + logFile()
                            + ".");
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while waiting for the Kafka broker to start.", e);
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(loopback(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The line of the broker log (since {@code logStart}) that best says why it failed: the
     * exception after its first ERROR line, or that ERROR line, or the first exception, or else the
     * last line.
     */
    private String startupProblem(long logStart) {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile log = new RandomAccessFile(logFile().toFile(), "r")) {
            log.seek(Math.max(logStart, log.length() - 256 * 1024));
            byte[] tail = new byte[(int) (log.length() - log.getFilePointer())];
            log.readFully(tail);
            for (String line : new String(tail, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        } catch (IOException e) {
            return "(the log could not be read: " + e.getMessage() + ")";
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" ERROR ")) {
                boolean exceptionFollows =
                        i + 1 < lines.size() && EXCEPTION_LINE.matcher(lines.get(i + 1)).find();
                return exceptionFollows ? lines.get(i + 1) : lines.get(i);
            }
        }
        for (String line : lines) {
            if (EXCEPTION_LINE.matcher(line).find()) {
                return line;
            }
        }
        return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
    }

    /**
     * Fails when another broker holds Kafka's lock on the directory; found here, the reason is one
     * sentence instead of a startup failure buried in a log that both brokers write to.
     */
    private void requireUnused(Path kraftDir) throws IOException {
        Path lockFile = kraftDir.resolve(".lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        boolean locked;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            locked = lock == null;
        } catch (OverlappingFileLockException e) {
            locked = true;
        }
        if (locked) {
            throw new IllegalArgumentException(
                    "The data directory "
                            + dataDir
                            + " is in use by another Kafka broker; stop that one or choose"
                            + " another directory.");
        }
    }

    /** Appends a line to the broker log and returns the log's length after it. */
    private long appendToLog(String line) throws IOException {
        Files.writeString(
                logFile(),
                line + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return Files.size(logFile());
    }

    private Path writeLoggingConfig() throws IOException {
        Path config = dataDir.resolve("log4j2-broker.properties");
        // Log4j's own shutdown hook is off so that Kafka's shutdown messages are not lost.
        Files.writeString(
                config,
                String.join(
                        System.lineSeparator(),
                        "# Logging of the local Kafka broker; its output goes to broker.log.",
                        "status = warn",
                        "shutdownHook = disable",
                        "appender.out.type = Console",
                        "appender.out.name = out",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.out.ref = out",
                        "logger.requests.name = kafka.request.logger",
                        "logger.requests.level = WARN",
                        "logger.state.name = state.change.logger",
                        "logger.state.level = WARN",
                        ""),
                StandardCharsets.UTF_8);
        return config;
    }

    /**
     * The id the directory was formatted with, or a new one for a new directory. Formatting checks
     * the id even when it leaves a formatted directory alone.
     */
    private static String clusterId(Path kraftDir) throws IOException {
        Path meta = kraftDir.resolve("meta.properties");
        if (Files.isRegularFile(meta)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            String clusterId = properties.getProperty("cluster.id");
            if (clusterId != null && !clusterId.isBlank()) {
                return clusterId.trim();
            }
        }
        return Uuid.randomUuid().toString();
    }

    /**
     * The controller port of the previous start when it is still free, so the configuration changes
     * as little as possible; otherwise a new one.
     */
    private int controllerPort(Path serverProperties) throws IOException {
        OptionalInt previous = KraftServerProperties.previousControllerPort(serverProperties);
        if (previous.isPresent() && previous.getAsInt() != port && isFree(previous.getAsInt())) {
            return previous.getAsInt();
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            int fresh = LoopbackPorts.free();
            if (fresh != port) {
                return fresh;
            }
        }
        throw new IllegalStateException("No free port for the Kafka controller was found.");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("127.0.0.1 is not a valid address.", e);
        }
    }

    private static void closeQuietly(OutputStream stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (IOException e) {
            // The child is gone already; nothing to release.
        }
    }
}
