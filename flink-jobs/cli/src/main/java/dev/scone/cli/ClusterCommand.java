package dev.scone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.cli.cluster.ClusterProcess;
import dev.scone.cli.cluster.ClusterSettings;
import dev.scone.cli.cluster.MultiProcessCluster;
import dev.scone.schemas.topic.SconeTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scone cluster up|down|status}: a Flink session cluster on this machine as separate
 * processes (a JobManager, TaskManagers, a Kafka broker) that outlive the command, for {@code scone
 * serve --jobmanager} and for trying failover by hand.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
            "Run a Flink session cluster on this machine as separate processes: a JobManager",
            "(REST API and Web UI on 127.0.0.1), TaskManagers and a Kafka broker, with RocksDB",
            "state and incremental checkpoints under var/cluster. Submit the service to it with",
            "'scone serve --jobmanager 127.0.0.1:8081'."
        },
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Down.class,
            ClusterCommand.Status.class
        })
public final class ClusterCommand extends CommandGroup {

    /** Where the cluster keeps configuration, logs, pid files, checkpoints and Kafka data. */
    static final class Location {
        @Option(
                names = "--cluster-dir",
                defaultValue = "${sys:scone.home:-.}/var/cluster",
                description =
                        "Directory of the cluster's configuration, logs, pid files, checkpoints"
                                + " and Kafka data (default: ${DEFAULT-VALUE}).")
        Path directory;

        /** The cluster kept in {@link #directory}, with the settings of its last {@code up}. */
        MultiProcessCluster cluster() throws IOException {
            return new MultiProcessCluster(ClusterSettings.load(directory), false);
        }
    }

    /** Starts whatever process of the cluster is not running. */
    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = {
                "Start every process of the local cluster that is not running, and wait until",
                "the TaskManagers have registered. Running it again restarts only what is gone,",
                "such as a TaskManager killed with kill -9. Options are remembered for the next",
                "'up', 'status' and 'down'."
            })
    static final class Up implements Callable<Integer> {

        @picocli.CommandLine.Mixin Location location = new Location();

        @Option(
                names = "--task-managers",
                description = "Number of TaskManager processes (default: 2, or the last 'up').")
        Integer taskManagers;

        @Option(
                names = "--slots",
                description = "Task slots per TaskManager (default: 1, or the last 'up').")
        Integer slots;

        @Option(
                names = "--taskmanager-memory",
                description =
                        "Total process memory of each TaskManager, such as 1536m or 4g (default:"
                                + " 1536m, or the last 'up').")
        String taskManagerMemory;

        @Option(
                names = "--rest-port",
                description =
                        "Port of the REST API and Web UI on 127.0.0.1 (default: 8081, or the last"
                                + " 'up').")
        Integer restPort;

        @Option(
                names = "--rpc-port",
                description = "JobManager RPC port on 127.0.0.1 (default: 6123, or the last 'up').")
        Integer rpcPort;

        @Option(
                names = "--kafka-port",
                description = "Kafka broker port on 127.0.0.1 (default: 9092, or the last 'up').")
        Integer kafkaPort;

        @Option(
                names = "--no-kafka",
                description = "Do not run a Kafka broker; the service uses brokers of your own.")
        boolean noKafka;

        @Option(
                names = "--partitions",
                description =
                        "Partitions of each SCONE topic the broker creates (default: 4, or the last"
                                + " 'up').")
        Integer partitions;

        @Option(
                names = "--timeout",
                defaultValue = "PT3M",
                description =
                        "Longest to wait for the processes to get ready, ISO-8601 (default:"
                                + " ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            ClusterSettings settings = ClusterSettings.load(location.directory);
            ifGiven(taskManagers, settings::taskManagers);
            ifGiven(slots, settings::slotsPerTaskManager);
            ifGiven(taskManagerMemory, settings::taskManagerMemory);
            ifGiven(restPort, settings::restPort);
            ifGiven(rpcPort, settings::rpcPort);
            ifGiven(kafkaPort, settings::kafkaPort);
            if (noKafka) {
                settings.kafka(false);
            }
            ifGiven(partitions, settings::partitions);
            settings.validate();
            MultiProcessCluster cluster = new MultiProcessCluster(settings, false);
            PrintWriter out = CommandIo.stdout();
            out.println("Starting the local cluster in " + settings.directory() + " ...");
            out.flush();
            List<String> started = cluster.up(timeout);
            out.println(
                    started.isEmpty()
                            ? "Every process was already running."
                            : "Started: " + String.join(", ", started) + ".");
            printStatus(cluster, out);
            out.println(
                    "Submit the service with: scone serve --jobmanager 127.0.0.1:"
                            + settings.restPort()
                            + (settings.kafka()
                                    ? " --bootstrap-servers " + settings.bootstrapServers()
                                    : ""));
            out.flush();
            return ExitCodes.OK;
        }

        /** Applies an option the user gave; one left out keeps the saved setting. */
        private static <T> void ifGiven(T value, Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }
    }

    /** Stops every process of the cluster. */
    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = {
                "Stop the local cluster's TaskManagers, JobManager and Kafka broker, each with its",
                "own clean shutdown. Running jobs end; checkpoints and Kafka data stay."
            })
    static final class Down implements Callable<Integer> {

        @picocli.CommandLine.Mixin Location location = new Location();

        @Override
        public Integer call() throws Exception {
            MultiProcessCluster cluster = location.cluster();
            List<String> stopped = cluster.down();
            PrintWriter out = CommandIo.stdout();
            out.println(
                    stopped.isEmpty()
                            ? "Nothing was running."
                            : "Stopped: " + String.join(", ", stopped) + ".");
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** Shows which processes run and what the JobManager reports. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Show each process of the local cluster (pid or stopped, log), the registered"
                            + " TaskManagers and slots, and the jobs.")
    static final class Status implements Callable<Integer> {

        @picocli.CommandLine.Mixin Location location = new Location();

        @Override
        public Integer call() throws Exception {
            MultiProcessCluster cluster = location.cluster();
            PrintWriter out = CommandIo.stdout();
            printStatus(cluster, out);
            out.flush();
            return ExitCodes.OK;
        }
    }

    static void printStatus(MultiProcessCluster cluster, PrintWriter out)
            throws InterruptedException {
        ClusterSettings settings = cluster.settings();
        for (ClusterProcess process : cluster.processes()) {
            OptionalLong pid = process.pid();
            Path log =
                    process == cluster.kafka()
                            ? cluster.kafkaLog()
                            : settings.directory().resolve("log").resolve(process.name() + ".log");
            out.printf(
                    "  %-14s %-16s %s%n",
                    process.name(),
                    pid.isPresent() ? "running (" + pid.getAsLong() + ")" : "stopped",
                    log);
        }
        if (settings.kafka()) {
            out.println(
                    "  Kafka:  "
                            + settings.bootstrapServers()
                            + "  topics "
                            + String.join(", ", SconeTopics.names()));
        }
        try {
            JsonNode overview = cluster.rest().overview();
            out.println(
                    "  Flink:  "
                            + cluster.restAddress()
                            + "  (Web UI)  "
                            + overview.path("taskmanagers").asInt()
                            + " TaskManagers registered, "
                            + overview.path("slots-available").asInt()
                            + " of "
                            + overview.path("slots-total").asInt()
                            + " slots free, Flink "
                            + overview.path("flink-version").asText());
            for (Map.Entry<String, String> job : cluster.rest().jobs().entrySet()) {
                out.println("  job " + job.getKey() + "  " + job.getValue());
            }
        } catch (IOException e) {
            out.println("  Flink:  no JobManager answers at " + cluster.restAddress());
        }
    }
}
