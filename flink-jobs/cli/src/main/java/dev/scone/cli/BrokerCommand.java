package dev.scone.cli;

import dev.scone.broker.LocalKafkaBroker;
import dev.scone.schemas.topic.SconeTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
                    + SconeTopics.DOCUMENTS
                    + ", "
                    + SconeTopics.FGRAM_TABLE
                    + " (compacted), "
                    + SconeTopics.RESULTS
                    + " and "
                    + SconeTopics.DEAD_LETTERS
                    + ".",
            "The broker runs in its own JVM from the jars SCONE ships; its log is"
                    + " DATA_DIR/broker.log. Data survives restarts."
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

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new UserException("--partitions must be at least 1, not " + partitions + ".");
        }
        PrintWriter out = CommandIo.stdout();
        AtomicBoolean shuttingDown = new AtomicBoolean();
        LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir, port);
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
        out.println("Kafka broker ready at " + broker.bootstrapServers());
        out.println("  data: " + broker.dataDir());
        out.println("  log:  " + broker.logFile());
        out.println(
                "  topics: "
                        + String.join(", ", SconeTopics.names())
                        + (created.isEmpty()
                                ? " (existing)"
                                : " (created: " + created.size() + ")"));
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
