package dev.scone.flink.discovery;

/**
 * Names of the discovery job's operator metrics, as Flink's REST API, the Web UI and Prometheus
 * show them. With the RocksDB backend the job also reports RocksDB's own estimates of its keyed
 * state ({@code rocksdb.estimate-num-keys}, {@code rocksdb.estimate-live-data-size}), the state
 * size.
 */
public final class DiscoveryMetricNames {

    private DiscoveryMetricNames() {}

    /** N-gram occurrences sent to the counter after Apriori pruning. */
    public static final String OCCURRENCES_COUNTED = "ngramOccurrencesCounted";

    /** Occurrences of 3..K-grams dropped because a prefix or suffix is not in the table. */
    public static final String OCCURRENCES_PRUNED = "ngramOccurrencesPruned";

    /** Candidate n-grams whose counts the counter's subtask holds now. */
    public static final String CANDIDATES_TRACKED = "candidatesTracked";

    /** N-grams that reached the admission count. */
    public static final String ADMITTED = "fgramsAdmitted";

    /** A_F forward passes run by the embedders. */
    public static final String EMBEDDING_BATCHES = "embeddingBatches";

    /** Milliseconds per A_F forward pass over one batch. */
    public static final String EMBEDDING_BATCH_LATENCY_MS = "embeddingBatchLatencyMs";

    /** Discovered f-grams published to the table topic. */
    public static final String PUBLISHED = "fgramsPublished";

    /** Discovered f-grams deleted (tombstoned) because they went cold. */
    public static final String EXPIRED = "fgramsExpired";

    /** Discovered f-grams in the table now, as the table keeper counts them. */
    public static final String DISCOVERED_IN_TABLE = "discoveredInTable";
}
