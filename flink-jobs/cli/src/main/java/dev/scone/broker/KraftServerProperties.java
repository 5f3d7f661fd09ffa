package dev.scone.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The {@code server.properties} of a single-node KRaft cluster on the loopback interface: one
 * process that is both broker and controller, with every internal topic at replication factor 1 so
 * that it works alone.
 */
final class KraftServerProperties {

    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;
    static final String VOTERS_KEY = "controller.quorum.voters";

    private KraftServerProperties() {}

    /**
     * The configuration; {@code overrides} are applied last, so a test can tune anything, but
     * changing the listeners breaks the promise that the broker answers at {@code port}.
     */
    static Properties singleNode(
            Path logDir, int port, int controllerPort, Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        // A static voter set: no --standalone formatting, and the controller port may change
        // from one start to the next without rewriting the metadata log.
        p.setProperty(VOTERS_KEY, NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://"
                        + HOST
                        + ":"
                        + port
                        + ",CONTROLLER://"
                        + HOST
                        + ":"
                        + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Few internal partitions: a local broker serves a handful of clients, and the first
        // consumer group or transaction then does not wait for 50 partitions to be created.
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Flink's exactly-once Kafka sink keeps a transaction open from one checkpoint to the
        // next and may ask for long transaction timeouts; allow up to an hour, not 15 minutes.
        p.setProperty("transaction.max.timeout.ms", "3600000");
        p.putAll(overrides);
        return p;
    }

    /** Writes {@code properties} to {@code file}, replacing it. */
    static void write(Properties properties, Path file) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(
                    writer, "Single-node KRaft broker of SCONE Stream; rewritten on start");
        }
    }

    /** The controller port recorded in an earlier {@code server.properties}, if there is one. */
    static OptionalInt previousControllerPort(Path file) {
        if (!Files.isRegularFile(file)) {
            return OptionalInt.empty();
        }
        Properties previous = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            previous.load(reader);
            String voters = previous.getProperty(VOTERS_KEY);
            if (voters == null || voters.lastIndexOf(':') < 0) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(
                    Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1).trim()));
        } catch (IOException | IllegalArgumentException e) {
            // An unreadable leftover only means a fresh port is chosen.
            return OptionalInt.empty();
        }
    }
}
