package dev.scone.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The four topics of the SCONE Stream contract and their creation. The names are stable: jobs,
 * command-line tools and deployments all refer to them.
 */
public final class SconeTopics {

    /** Requests: Avro single-object encoded {@code Document}s (or JSON / text lines). */
    public static final String DOCUMENTS = "scone.documents";

    /** Answers: one {@code Result} per document. */
    public static final String RESULTS = "scone.results";

    /**
     * The f-gram embedding table as a changelog: key = the f-gram's token ids, value = {@code
     * FgramEntry}, a tombstone deletes. Compacted, so it always holds the latest table.
     */
    public static final String FGRAM_TABLE = "scone.fgram-table";

    /** Records the service could not use, as {@code DeadLetter}s. */
    public static final String DEAD_LETTERS = "scone.dlq";

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How long each topic keeps its records, as the Kubernetes manifests set it. Requests and
     * results are kept a week, long enough to replay after an outage; dead letters a month, since a
     * person reads them; the table is compacted instead and keeps the latest entry of every f-gram.
     */
    private static final Map<String, Map<String, String>> TOPIC_CONFIGS =
            Map.of(
                    DOCUMENTS,
                    Map.of(TopicConfig.RETENTION_MS_CONFIG, days(7)),
                    FGRAM_TABLE,
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                    RESULTS,
                    Map.of(TopicConfig.RETENTION_MS_CONFIG, days(7)),
                    DEAD_LETTERS,
                    Map.of(TopicConfig.RETENTION_MS_CONFIG, days(30)));

    private SconeTopics() {}

    /** The four topic names, in dataflow order. */
    public static List<String> names() {
        return List.of(DOCUMENTS, FGRAM_TABLE, RESULTS, DEAD_LETTERS);
    }

    /**
     * The topics to create, each with {@code partitions} partitions and the cluster's default
     * replication factor; the table topic is compacted, the others keep their records for a week
     * (documents, results) or a month (dead letters).
     */
    public static List<NewTopic> newTopics(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "A topic needs at least one partition, not " + partitions + ".");
        }
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names()) {
            topics.add(
                    new NewTopic(name, Optional.of(partitions), Optional.empty())
                            .configs(TOPIC_CONFIGS.get(name)));
        }
        return topics;
    }

    /**
     * Creates whichever of the four topics do not exist yet; existing topics are left as they are,
     * so calling this again is harmless.
     *
     * @return the names of the topics this call created
     * @throws IllegalStateException when an existing table topic is not compacted, since old table
     *     entries would then expire and the service would lose embeddings
     */
    public static List<String> ensureTopics(Admin admin, int partitions) {
        List<String> created = new ArrayList<>();
        boolean tableExisted = false;
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics(partitions)).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                created.add(result.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "Topic " + result.getKey() + " could not be created: " + e.getCause(),
                            e.getCause());
                }
                tableExisted |= result.getKey().equals(FGRAM_TABLE);
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "Kafka did not confirm topic "
                                + result.getKey()
                                + " within "
                                + ADMIN_TIMEOUT.toSeconds()
                                + " s.",
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating Kafka topics.", e);
            }
        }
        if (tableExisted) {
            requireCompacted(admin, FGRAM_TABLE);
        }
        created.sort(null);
        return created;
    }

    private static String days(int days) {
        return String.valueOf(Duration.ofDays(days).toMillis());
    }

    /**
     * Whether a topic with {@code cleanup.policy} {@code cleanupPolicy} (null when unknown) keeps
     * the latest record of every key, as the f-gram table needs.
     */
    public static boolean isCompacted(String cleanupPolicy) {
        return cleanupPolicy != null
                && Arrays.stream(cleanupPolicy.split(","))
                        .map(String::trim)
                        .anyMatch(TopicConfig.CLEANUP_POLICY_COMPACT::equals);
    }

    private static void requireCompacted(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try {
            config =
                    admin.describeConfigs(Set.of(resource))
                            .all()
                            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .get(resource);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "The configuration of topic " + topic + " could not be read: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking topic " + topic + ".", e);
        }
        ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (!isCompacted(policy == null ? null : policy.value())) {
            throw new IllegalStateException(
                    "Topic "
                            + topic
                            + " exists with cleanup.policy="
                            + (policy == null ? "unknown" : policy.value())
                            + ", but the f-gram table needs cleanup.policy=compact.");
        }
    }
}
