package dev.scone.cli;

import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaNeeds;
import dev.scone.kafka.KafkaPreflight;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The two options every command that talks to Kafka takes, resolved the same way everywhere: the
 * command's own client defaults, then the properties file, then {@code --bootstrap-servers}.
 */
final class KafkaConnectionOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka brokers; overrides bootstrap.servers of --kafka-properties"
                            + " (default: "
                            + KafkaClientProperties.DEFAULT_BOOTSTRAP_SERVERS
                            + ").")
    String bootstrapServers;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "Kafka client properties file (security.protocol, sasl.*, ssl.*, ...),"
                            + " applied over the command's client defaults.")
    Path kafkaProperties;

    /**
     * The client properties, with {@code commandDefaults} under whatever the user gave; their
     * secrets are kept out of every error the command reports.
     */
    KafkaClientProperties resolve(Map<String, String> commandDefaults) {
        KafkaClientProperties resolved =
                KafkaClientProperties.resolve(commandDefaults, bootstrapServers, kafkaProperties);
        ErrorReporter.hideSecretsOf(resolved);
        return resolved;
    }

    /**
     * {@link #resolve}, then {@link KafkaPreflight}: the brokers answer, the properties
     * authenticate, and the principal may do what {@code needs} says, or the command stops with one
     * sentence before it sends anything.
     */
    KafkaClientProperties resolveAndCheck(Map<String, String> commandDefaults, KafkaNeeds needs) {
        KafkaClientProperties resolved = resolve(commandDefaults);
        KafkaPreflight.check(resolved, needs);
        return resolved;
    }
}
