package dev.scone.cli;

import dev.scone.broker.BrokerSecurity;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.schemas.topic.SconeTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scone broker}: a single-node Kafka broker on 127.0.0.1 in the foreground, with the SCONE
 * topics created, until Ctrl-C.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a local single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C, with the"
                    + " topics "
                    + TopicsCommand.NAMES
                    + ".",
            "The broker runs in its own JVM from the jars SCONE ships; its log is"
                    + " DATA_DIR/broker.log. Data survives restarts.",
            "With --security scram-tls it is secured as production clusters are: SASL_SSL with"
                    + " SCRAM-SHA-512 users and a self-signed certificate, ACLs enforced, and a"
                    + " client properties file per user under DATA_DIR/security."
        })
public final class BrokerCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "9092",
            description =
                    "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data-dir",
            defaultValue = "${sys:scone.home:-.}/var/kafka",
            description =
                    "Directory for the broker's data, configuration and log; formatted on first"
                            + " use, reused after (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description =
                    "Partitions of each SCONE topic when it is created; existing topics keep"
                            + " theirs (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--security",
            paramLabel = "MODE",
            defaultValue = "none",
            description =
                    "none: one PLAINTEXT listener, no users. scram-tls: one SASL_SSL listener"
                            + " (SCRAM-SHA-512, TLS with a generated self-signed certificate), the"
                            + " StandardAuthorizer, user admin (super user) and user service (ACLs"
                            + " on the SCONE topics, groups and transactional ids starting with"
                            + " scone-). Use a data directory of its own (default: ${DEFAULT-VALUE}).")
    String security;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new UserException("--partitions must be at least 1, not " + partitions + ".");
        }
        BrokerSecurity.Mode mode = BrokerSecurity.Mode.parse(security);
        PrintWriter out = CommandIo.stdout();
        AtomicBoolean shuttingDown = new AtomicBoolean();
        LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir, port, Map.of(), mode);
        Thread stopOnExit =
                new Thread(
                        () -> {
                            shuttingDown.set(true);
                            broker.stop();
                        },
                        "scone-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        List<String> created;
        try (Admin admin = Admin.create(broker.clientProperties().toMap())) {
            created = SconeTopics.ensureTopics(admin, partitions);
        } catch (RuntimeException e) {
            broker.stop();
            throw e;
        }
        out.println(
                "Kafka broker ready at "
                        + broker.bootstrapServers()
                        + (broker.security().isPresent()
                                ? " (SASL_SSL, " + BrokerSecurity.MECHANISM + ", ACLs enforced)"
                                : ""));
        out.println("  data: " + broker.dataDir());
        out.println("  log:  " + broker.logFile());
        out.println(
                "  topics: "
                        + String.join(", ", SconeTopics.names())
                        + (created.isEmpty()
                                ? " (existing)"
                                : " (created: " + created.size() + ")"));
        if (broker.security().isPresent()) {
            out.println("  client properties (--kafka-properties FILE):");
            out.println(
                    "    "
                            + BrokerSecurity.ADMIN
                            + " (super user):    "
                            + broker.clientPropertiesFile(BrokerSecurity.ADMIN));
            out.println(
                    "    "
                            + BrokerSecurity.SERVICE
                            + " (ACLs only):   "
                            + broker.clientPropertiesFile(BrokerSecurity.SERVICE));
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();

        int status = broker.awaitExit();
        if (shuttingDown.get()) {
            return ExitCodes.OK;
        }
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        throw new IllegalStateException(
                "The Kafka broker stopped unexpectedly with status "
                        + status
                        + "; see "
                        + broker.logFile()
                        + ".");
    }
}
