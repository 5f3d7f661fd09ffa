package dev.scone.flink.service.settings;

import dev.scone.schemas.topic.SconeTopics;
import java.io.Serializable;

/**
 * How the service reaches Kafka: brokers, the extra client properties file, its four topics, the
 * consumer group, the encoding of what it writes and the delivery guarantee.
 *
 * @param propertiesFile file of extra client properties, or null; read while the job is built,
 *     never by an operator
 */
public record KafkaSettings(
        String bootstrapServers,
        String propertiesFile,
        String documentsTopic,
        String resultsTopic,
        String tableTopic,
        String deadLetterTopic,
        String groupId,
        OutputFormat outputFormat,
        Delivery delivery)
        implements Serializable {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final String DEFAULT_GROUP_ID = "scone-service";
    public static final String DEFAULT_OUTPUT_FORMAT = "avro";
    public static final String DEFAULT_DELIVERY = "exactly_once";

    /** Encoding of results and dead letters. */
    public enum OutputFormat {
        avro,
        json
    }

    /** Kafka delivery guarantee of the result and dead-letter sinks. */
    public enum Delivery {
        exactly_once,
        at_least_once
    }

    /** Every setting at its default. */
    public static KafkaSettings defaults() {
        return new KafkaSettings(
                DEFAULT_BOOTSTRAP_SERVERS,
                null,
                SconeTopics.DOCUMENTS,
                SconeTopics.RESULTS,
                SconeTopics.FGRAM_TABLE,
                SconeTopics.DEAD_LETTERS,
                DEFAULT_GROUP_ID,
                OutputFormat.valueOf(DEFAULT_OUTPUT_FORMAT),
                Delivery.valueOf(DEFAULT_DELIVERY));
    }
}
