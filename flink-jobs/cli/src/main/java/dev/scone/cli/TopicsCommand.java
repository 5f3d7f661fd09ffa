package dev.scone.cli;

import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.TopicSetup;
import dev.scone.schemas.topic.SconeTopics;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scone topics}: the SCONE topics on a Kafka cluster. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Manage the SCONE topics on a Kafka cluster.",
        subcommands = {TopicsCommand.Create.class})
final class TopicsCommand extends CommandGroup {

    /** The four topics, as the help of the commands that make them lists them. */
    static final String NAMES =
            SconeTopics.DOCUMENTS
                    + ", "
                    + SconeTopics.FGRAM_TABLE
                    + " (compacted), "
                    + SconeTopics.RESULTS
                    + " and "
                    + SconeTopics.DEAD_LETTERS;

    /** Creates whichever of the four topics are missing. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create the topics "
                        + TopicsCommand.NAMES
                        + " where they are missing; existing ones are left as they are.",
                "Run it as a principal that may create topics (an administrator); retention is"
                        + " the cluster's default."
            })
    static final class Create implements Callable<Integer> {

        @Mixin KafkaConnectionOptions kafkaConnection;

        @Option(
                names = "--partitions",
                defaultValue = "4",
                description =
                        "Partitions of each topic it creates; at least the service's parallelism"
                                + " (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(
                names = "--replication-factor",
                paramLabel = "R",
                description =
                        "Replicas of each partition (default: the cluster's"
                                + " default.replication.factor).")
        Short replicationFactor;

        @Override
        public Integer call() {
            if (partitions < 1) {
                throw new UserException("--partitions must be at least 1, not " + partitions + ".");
            }
            if (replicationFactor != null && replicationFactor < 1) {
                throw new UserException(
                        "--replication-factor must be at least 1, not " + replicationFactor + ".");
            }
            KafkaClientProperties kafka = kafkaConnection.resolve(Map.of());
            TopicSetup.Outcome outcome =
                    TopicSetup.create(kafka, partitions, Optional.ofNullable(replicationFactor));
            PrintWriter out = CommandIo.stdout();
            out.println("Topics at " + kafka.bootstrapServers() + ":");
            for (String topic : SconeTopics.names()) {
                out.printf(
                        "  %-18s %s%n",
                        topic,
                        (outcome.created().contains(topic) ? "created" : "exists")
                                + (topic.equals(SconeTopics.FGRAM_TABLE) ? " (compacted)" : ""));
            }
            out.println(
                    "Created "
                            + outcome.created().size()
                            + ", "
                            + outcome.existing().size()
                            + " existed already.");
            out.flush();
            return ExitCodes.OK;
        }
    }
}
