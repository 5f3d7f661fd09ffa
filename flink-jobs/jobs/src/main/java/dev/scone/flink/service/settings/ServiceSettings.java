package dev.scone.flink.service.settings;

import java.io.Serializable;

/**
 * Every setting of the streaming service, one record per stage. The job's definition hands each
 * operator its own record and nothing else.
 */
public record ServiceSettings(
        JobSettings job,
        KafkaSettings kafka,
        IngestSettings ingest,
        AssemblySettings assembly,
        DecoderSettings decoder,
        ReplicaSettings replica)
        implements Serializable {

    /** Every setting at its default. */
    public static ServiceSettings defaults() {
        return new ServiceSettings(
                JobSettings.defaults(),
                KafkaSettings.defaults(),
                IngestSettings.defaults(),
                AssemblySettings.defaults(),
                DecoderSettings.defaults(),
                ReplicaSettings.defaults());
    }
}
