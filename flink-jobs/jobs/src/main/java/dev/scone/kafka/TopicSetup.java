package dev.scone.kafka;

import dev.scone.schemas.topic.SconeTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code scone topics create}: makes the four SCONE topics on any cluster, as a principal that may
 * create topics, and says what it found and what it made. Existing topics are left as they are, so
 * running it again is harmless; an existing table topic must be compacted.
 */
public final class TopicSetup {

    /** What a run found and made, each list in the contract's order. */
    public record Outcome(List<String> created, List<String> existing) {}

    private static final long TIMEOUT_SECONDS = 25;

    private TopicSetup() {}

    /**
     * Creates whichever SCONE topics are missing.
     *
     * @param replicationFactor empty for the cluster's default
     * @throws KafkaAccessException when the brokers cannot be reached, the principal may not create
     *     topics, or the cluster refuses the settings
     */
    public static Outcome create(
            KafkaClientProperties client, int partitions, Optional<Short> replicationFactor) {
        List<NewTopic> topics = newTopics(partitions, replicationFactor);
        try (Admin admin = KafkaFailures.admin(client, "scone-topics")) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            List<String> created = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            for (String name : SconeTopics.names()) {
                try {
                    await(results.get(name), client);
                    created.add(name);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof TopicExistsException) {
                        existing.add(name);
                    } else {
                        throw refusal(cause, name, client, replicationFactor);
                    }
                }
            }
            if (existing.contains(SconeTopics.FGRAM_TABLE)) {
                requireCompacted(admin, client);
            }
            return new Outcome(List.copyOf(created), List.copyOf(existing));
        }
    }

    /** The four topics with {@code partitions} partitions each; only the table is compacted. */
    static List<NewTopic> newTopics(int partitions, Optional<Short> replicationFactor) {
        if (replicationFactor.isPresent() && replicationFactor.get() < 1) {
            throw new IllegalArgumentException(
                    "The replication factor must be at least 1, not "
                            + replicationFactor.get()
                            + ".");
        }
        List<NewTopic> topics = new ArrayList<>();
        for (NewTopic topic : SconeTopics.newTopics(partitions)) {
            NewTopic withReplication =
                    new NewTopic(topic.name(), Optional.of(partitions), replicationFactor);
            if (topic.configs() != null) {
                withReplication.configs(topic.configs());
            }
            topics.add(withReplication);
        }
        return topics;
    }

    private static KafkaAccessException refusal(
            Throwable cause,
            String topic,
            KafkaClientProperties client,
            Optional<Short> replicationFactor) {
        if (cause instanceof TopicAuthorizationException
                || cause instanceof ClusterAuthorizationException) {
            return new KafkaAccessException(
                    KafkaFailures.principalAtStart(client)
                            + " may not create topics at "
                            + client.bootstrapServers()
                            + ": run `scone topics create` as a user with CREATE on the cluster"
                            + " (an administrator).",
                    cause);
        }
        if (cause instanceof InvalidReplicationFactorException) {
            return new KafkaAccessException(
                    "Kafka at "
                            + client.bootstrapServers()
                            + " cannot create "
                            + topic
                            + " with replication factor "
                            + replicationFactor.map(String::valueOf).orElse("(its default)")
                            + " ("
                            + KafkaFailures.withoutFinalPeriod(cause.getMessage())
                            + ").",
                    cause);
        }
        if (cause instanceof InvalidPartitionsException
                || cause instanceof PolicyViolationException) {
            return new KafkaAccessException(
                    "Kafka at "
                            + client.bootstrapServers()
                            + " refused topic "
                            + topic
                            + " ("
                            + KafkaFailures.withoutFinalPeriod(cause.getMessage())
                            + ").",
                    cause);
        }
        String connection = KafkaFailures.connectionProblem(cause, client, TIMEOUT_SECONDS);
        if (connection != null) {
            return new KafkaAccessException(connection, cause);
        }
        return new KafkaAccessException(
                "Topic "
                        + topic
                        + " could not be created at "
                        + client.bootstrapServers()
                        + " ("
                        + client.scrub(KafkaFailures.withoutFinalPeriod(cause.toString()))
                        + ").",
                cause);
    }

    /**
     * Fails when the existing table topic is not compacted: old entries would expire and the
     * service would lose embeddings. A principal that may not read topic settings skips the check.
     */
    private static void requireCompacted(Admin admin, KafkaClientProperties client) {
        ConfigResource resource =
                new ConfigResource(ConfigResource.Type.TOPIC, SconeTopics.FGRAM_TABLE);
        Config config;
        try {
            config = await(admin.describeConfigs(Set.of(resource)).values().get(resource), client);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return;
            }
            throw refusal(e.getCause(), SconeTopics.FGRAM_TABLE, client, Optional.empty());
        }
        ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (!SconeTopics.isCompacted(policy == null ? null : policy.value())) {
            throw new KafkaAccessException(
                    "Topic "
                            + SconeTopics.FGRAM_TABLE
                            + " exists with cleanup.policy="
                            + (policy == null ? "unknown" : policy.value())
                            + ", but the f-gram table needs cleanup.policy=compact.");
        }
    }

    private static <T> T await(KafkaFuture<T> future, KafkaClientProperties client)
            throws ExecutionException {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new KafkaAccessException(
                    KafkaFailures.connectionProblem(e, client, TIMEOUT_SECONDS), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException("Interrupted while creating Kafka topics.", e);
        }
    }
}
