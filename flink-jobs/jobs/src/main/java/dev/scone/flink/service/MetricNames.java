package dev.scone.flink.service;

/**
 * Names of the service's operator metrics, as the operators register them and as Flink's REST API,
 * the Web UI and Prometheus show them. Operators register under these constants and readers ({@link
 * ServiceMetrics}, the demo, the benchmarks, the tests) ask for them, so the two cannot drift.
 */
public final class MetricNames {

    private MetricNames() {}

    /** Records read from the documents topic (first operator). */
    public static final String DOCUMENTS_IN = "documentsIn";

    /** Records of the documents topic sent to the dead-letter topic by the first operator. */
    public static final String DOCUMENTS_DEAD_LETTERED = "documentsDeadLettered";

    /** Tokens of the documents, after tokenizing. */
    public static final String TOKENS_IN = "tokensIn";

    /** F-gram lookups answered by keyed state, over all subtasks. */
    public static final String FGRAM_LOOKUPS = "fgramLookups";

    /** Lookups that found an f-gram. */
    public static final String FGRAM_HITS = "fgramHits";

    /** Share of lookups that found an f-gram. */
    public static final String FGRAM_HIT_RATE = "fgramHitRate";

    /** Lengths of the f-grams found. */
    public static final String MATCH_LENGTH = "matchLength";

    /** Table changelog records applied to keyed state, over all subtasks. */
    public static final String TABLE_UPDATES_APPLIED = "tableUpdatesApplied";

    /** Table changelog records sent to the dead-letter topic. */
    public static final String TABLE_ENTRIES_DEAD_LETTERED = "tableEntriesDeadLettered";

    /** Documents whose matches did not all arrive in time. */
    public static final String DOCUMENTS_TIMED_OUT = "documentsTimedOut";

    /** Documents the decoders answered, over all subtasks. */
    public static final String DOCUMENTS_OUT = "documentsOut";

    /** Tokens the decoders scored or generated. */
    public static final String TOKENS_DECODED = "tokensDecoded";

    /** Rate of {@link #TOKENS_DECODED}. */
    public static final String TOKENS_PER_SECOND = "tokensPerSecond";

    /** Documents per forward pass of the decoder. */
    public static final String DECODER_BATCH_SIZE = "decoderBatchSize";

    /** From ingest to result, per document. */
    public static final String END_TO_END_LATENCY_MS = "endToEndLatencyMs";
}
