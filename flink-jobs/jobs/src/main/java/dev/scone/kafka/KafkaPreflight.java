package dev.scone.kafka;

import dev.scone.schemas.topic.SconeTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a command sends anything or a job is submitted, that Kafka is reachable with the
 * given client properties, that they authenticate, that the topics exist and that the principal may
 * read and write what it needs, its consumer groups and transactional ids included. A failure is
 * one {@link KafkaAccessException} sentence, within {@link #TIME_LIMIT}: a job that starts only to
 * fail over forever on a missing topic or a missing ACL helps nobody.
 *
 * <p>It asks the brokers rather than guessing: topics are described with the operations the
 * principal is authorized for (without an authorizer the brokers report every operation), groups
 * and transactional ids are described, which the brokers answer with an authorization error when no
 * ACL allows them.
 */
public final class KafkaPreflight {

    /** The longest the whole check takes, whatever the client's own timeouts say. */
    public static final Duration TIME_LIMIT = Duration.ofSeconds(25);

    private static final int REQUEST_TIMEOUT_MS = 10_000;
    private static final String AUTO_CREATE_TOPICS = "auto.create.topics.enable";

    private final KafkaClientProperties client;
    private final long deadlineNanos;

    private KafkaPreflight(KafkaClientProperties client) {
        this.client = client;
        this.deadlineNanos = System.nanoTime() + TIME_LIMIT.toNanos();
    }

    /**
     * Checks that {@code client} may do what {@code needs} says.
     *
     * @throws KafkaAccessException with one sentence naming the first problem found
     */
    public static void check(KafkaClientProperties client, KafkaNeeds needs) {
        KafkaPreflight preflight = new KafkaPreflight(client);
        try (Admin admin = KafkaFailures.admin(client, "scone-preflight")) {
            preflight.run(admin, needs);
        }
    }

    /**
     * Admin client properties for a bounded check: the user's connection and security settings,
     * with timeouts that fit in {@link #TIME_LIMIT} and only the keys an admin client knows (a
     * producer's settings would only be logged as unused).
     */
    static Map<String, Object> adminProperties(KafkaClientProperties client, String clientId) {
        Map<String, Object> properties = client.toMap();
        properties.keySet().retainAll(AdminClientConfig.configNames());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS + 5_000);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000);
        return properties;
    }

    private void run(Admin admin, KafkaNeeds needs) {
        Collection<Node> nodes =
                await(
                        admin.describeCluster(
                                        new DescribeClusterOptions()
                                                .timeoutMs(REQUEST_TIMEOUT_MS + 5_000))
                                .nodes());
        checkTopics(admin, needs, nodes);
        checkGroups(admin, needs.groups());
        checkTransactionalIds(admin, needs.transactionalIdPrefixes());
    }

    private void checkTopics(Admin admin, KafkaNeeds needs, Collection<Node> nodes) {
        if (needs.topics().isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(
                                needs.topics(),
                                new DescribeTopicsOptions().includeAuthorizedOperations(true))
                        .topicNameValues();
        List<String> missing = new ArrayList<>();
        for (String topic : needs.topics()) {
            boolean reads = needs.readTopics().contains(topic);
            String verb = reads ? "read" : "write";
            TopicDescription description;
            try {
                description = awaitOrThrow(described.get(topic));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                    continue;
                }
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw refused(verb, "topic " + topic, e.getCause());
                }
                throw unexpected(e.getCause(), "describing topic " + topic);
            }
            Set<AclOperation> allowed = description.authorizedOperations();
            if (allowed == null || allowed.contains(AclOperation.ALL)) {
                continue;
            }
            if (reads && !allowed.contains(AclOperation.READ)) {
                throw refused("read", "topic " + topic, null);
            }
            if (needs.writeTopics().contains(topic) && !allowed.contains(AclOperation.WRITE)) {
                throw refused("write", "topic " + topic, null);
            }
        }
        for (String topic : missing) {
            boolean acceptable =
                    !needs.readTopics().contains(topic)
                            && needs.mayAutoCreate()
                            && brokersCreateTopics(admin, nodes);
            if (!acceptable) {
                throw new KafkaAccessException(missingTopic(topic, client.bootstrapServers()));
            }
        }
    }

    /** The sentence for a topic that does not exist. */
    public static String missingTopic(String topic, String bootstrapServers) {
        return "Topic "
                + topic
                + " does not exist at "
                + bootstrapServers
                + (SconeTopics.names().contains(topic)
                        ? ": run `scone topics create` as a user who may create topics."
                        : ": create it first (`scone topics create` makes the SCONE topics).");
    }

    /** Whether the brokers create a topic on its first write; false when that cannot be read. */
    private boolean brokersCreateTopics(Admin admin, Collection<Node> nodes) {
        if (nodes.isEmpty()) {
            return false;
        }
        ConfigResource broker =
                new ConfigResource(
                        ConfigResource.Type.BROKER, Integer.toString(nodes.iterator().next().id()));
        try {
            Config config =
                    awaitOrThrow(admin.describeConfigs(Set.of(broker)).values().get(broker));
            ConfigEntry entry = config.get(AUTO_CREATE_TOPICS);
            return entry != null && Boolean.parseBoolean(entry.value());
        } catch (ExecutionException e) {
            // Not allowed to read the brokers' settings: assume they do not create topics.
            return false;
        }
    }

    private void checkGroups(Admin admin, Set<String> groups) {
        if (groups.isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> described =
                admin.describeConsumerGroups(
                                groups,
                                new DescribeConsumerGroupsOptions()
                                        .timeoutMs(REQUEST_TIMEOUT_MS + 5_000))
                        .describedGroups();
        for (String group : groups.stream().sorted().toList()) {
            try {
                awaitOrThrow(described.get(group));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupAuthorizationException) {
                    throw refused("use", "consumer group " + group, e.getCause());
                }
                // A group nobody has joined yet is reported as not found, after authorization:
                // that is fine, the client creates it.
            }
        }
    }

    private void checkTransactionalIds(Admin admin, Set<String> prefixes) {
        for (String prefix : prefixes.stream().sorted().toList()) {
            // The ids Flink's exactly-once sink derives from a prefix: PREFIX-SUBTASK-CHECKPOINT.
            String probe = prefix + "-0-0";
            try {
                awaitOrThrow(admin.describeTransactions(Set.of(probe)).description(probe));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TransactionalIdAuthorizationException) {
                    throw refused(
                            "use",
                            "transactional ids starting with "
                                    + prefix
                                    + " (exactly-once delivery)",
                            e.getCause());
                }
                // Not found after authorization: the producer creates it.
            }
        }
    }

    private KafkaAccessException refused(String verb, String resource, Throwable cause) {
        return new KafkaAccessException(
                KafkaFailures.principalAtStart(client)
                        + " may not "
                        + verb
                        + " "
                        + resource
                        + " at "
                        + client.bootstrapServers()
                        + ": no ACL allows it.",
                cause);
    }

    private KafkaAccessException unexpected(Throwable failure, String doing) {
        String connection = KafkaFailures.connectionProblem(failure, client, limitSeconds());
        if (connection != null) {
            return new KafkaAccessException(connection, failure);
        }
        return new KafkaAccessException(
                "Kafka at "
                        + client.bootstrapServers()
                        + " refused "
                        + doing
                        + " ("
                        + client.scrub(
                                KafkaFailures.withoutFinalPeriod(
                                        KafkaFailures.rootMessage(failure)))
                        + ").",
                failure);
    }

    /** The value of {@code future}, with connection and authentication failures as sentences. */
    private <T> T await(KafkaFuture<T> future) {
        try {
            return awaitOrThrow(future);
        } catch (ExecutionException e) {
            throw unexpected(e.getCause(), "the connection");
        }
    }

    /**
     * The value of {@code future} within what is left of the time limit; connection and
     * authentication failures become sentences, every other failure is left to the caller.
     */
    private <T> T awaitOrThrow(KafkaFuture<T> future) throws ExecutionException {
        long left = Math.max(1, deadlineNanos - System.nanoTime());
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new KafkaAccessException(
                    KafkaFailures.connectionProblem(e, client, limitSeconds()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException("Interrupted while checking access to Kafka.", e);
        } catch (ExecutionException e) {
            String connection =
                    KafkaFailures.connectionProblem(e.getCause(), client, limitSeconds());
            if (connection != null) {
                throw new KafkaAccessException(connection, e.getCause());
            }
            throw e;
        }
    }

    /** Seconds since the check began, for the sentence about a broker that does not answer. */
    private long limitSeconds() {
        long elapsed = TIME_LIMIT.toNanos() - (deadlineNanos - System.nanoTime());
        return Math.max(1, Math.round(elapsed / 1e9));
    }
}
