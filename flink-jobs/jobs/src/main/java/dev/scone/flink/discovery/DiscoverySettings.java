package dev.scone.flink.discovery;

import dev.scone.flink.service.settings.IngestSettings;
import dev.scone.flink.service.settings.JobSettings;
import dev.scone.flink.service.settings.KafkaSettings;
import java.io.Serializable;

/**
 * Every setting of the discovery job, parsed once, one record per stage. It reuses the service's
 * records for what the two jobs share (parallelism and checkpoints, Kafka, document rules); the
 * results topic and output format of {@link KafkaSettings} are unused here, and table writes are
 * always transactional.
 *
 * @param maxDiscovered most discovered f-grams in the table at once; the coldest leave first
 */
public record DiscoverySettings(
        JobSettings job,
        KafkaSettings kafka,
        IngestSettings ingest,
        CountingSettings counting,
        EmbeddingSettings embedding,
        int maxDiscovered)
        implements Serializable {

    public static final String DEFAULT_GROUP_ID = "scone-discovery";
    public static final int DEFAULT_MAX_DISCOVERED = 10_000;

    public DiscoverySettings {
        if (maxDiscovered < 1) {
            throw new IllegalArgumentException(
                    "--max-discovered must be 1 or more, not " + maxDiscovered);
        }
    }
}
