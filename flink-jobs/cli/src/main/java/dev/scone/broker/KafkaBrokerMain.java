package dev.scone.broker;

import dev.scone.process.ParentWatchdog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the broker's own JVM, which {@link LocalKafkaBroker} starts: formats the storage
 * when it is new, then runs Kafka until it receives SIGTERM or SIGINT, when Kafka's shutdown hook
 * closes the logs cleanly.
 *
 * <p>The broker also stops when standard input reaches end of file. Its parent holds the other end
 * of that pipe and never writes to it, so the pipe closes exactly when the parent is gone, even
 * after {@code kill -9}; without this a crashed test or command would leave an orphaned broker
 * holding the port and the data directory.
 *
 * <p>Usage: {@code KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID [SCRAM_CREDENTIALS]}, where
 * CLUSTER_ID is a new random id for a new directory and the existing one otherwise, and
 * SCRAM_CREDENTIALS a file of {@code --add-scram} values, one per line, formatted into a new
 * directory's metadata so that a secured broker knows its users from the start.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    public static void main(String[] args) {
        if (args.length != 2 && args.length != 3) {
            System.err.println(
                    "Usage: KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID [SCRAM_CREDENTIALS]");
            System.exit(2);
        }
        String serverProperties = args[0];
        String clusterId = args[1];
        List<String> scramCredentials = args.length == 3 ? readLines(args[2]) : List.of();
        ParentWatchdog.exitWhenClosed(
                System.in,
                "Standard input closed: the parent process is stopping the broker or has exited;"
                        + " shutting down.");
        // --ignore-formatted leaves an already formatted directory as it is, so restarts reuse
        // the data; the cluster id must still match the one it was formatted with.
        List<String> format =
                new ArrayList<>(
                        List.of(
                                "format",
                                "--config",
                                serverProperties,
                                "--cluster-id",
                                clusterId,
                                "--ignore-formatted"));
        for (String credential : scramCredentials) {
            format.add("--add-scram");
            format.add(credential);
        }
        int formatStatus =
                kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.out);
        if (formatStatus != 0) {
            System.err.println("Formatting the Kafka storage failed with status " + formatStatus);
            System.exit(formatStatus);
        }
        kafka.Kafka.main(new String[] {serverProperties});
    }

    private static List<String> readLines(String file) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return lines;
        } catch (IOException e) {
            System.err.println("The SCRAM credentials file " + file + " cannot be read: " + e);
            System.exit(2);
            return List.of();
        }
    }
}
