package dev.scone.broker;

import dev.scone.process.ParentWatchdog;

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
 * <p>Usage: {@code KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID}, where CLUSTER_ID is a new random
 * id for a new directory and the existing one otherwise.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("Usage: KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID");
            System.exit(2);
        }
        String serverProperties = args[0];
        String clusterId = args[1];
        ParentWatchdog.exitWhenClosed(
                System.in,
                "Standard input closed: the parent process is stopping the broker or has exited;"
                        + " shutting down.");
        // --ignore-formatted leaves an already formatted directory as it is, so restarts reuse
        // the data; the cluster id must still match the one it was formatted with.
        int formatStatus =
                kafka.tools.StorageTool.execute(
                        new String[] {
                            "format",
                            "--config",
                            serverProperties,
                            "--cluster-id",
                            clusterId,
                            "--ignore-formatted"
                        },
                        System.out);
        if (formatStatus != 0) {
            System.err.println("Formatting the Kafka storage failed with status " + formatStatus);
            System.exit(formatStatus);
        }
        kafka.Kafka.main(new String[] {serverProperties});
    }
}
