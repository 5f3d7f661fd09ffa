package dev.scone.flink.service.settings;

import java.io.Serializable;

/**
 * Settings of the first stage, which turns records of the documents topic into requests: their
 * encoding, the hard limit on a document's text in bytes (the only size a document is dead-lettered
 * for), and the generation parameters a request that does not name its own gets, with the most new
 * tokens it may ask for.
 */
public record IngestSettings(
        InputFormat inputFormat,
        int maxTextBytes,
        int defaultMaxNewTokens,
        int maxNewTokensLimit,
        float defaultTemperature,
        int defaultTopK)
        implements Serializable {

    public static final String DEFAULT_INPUT_FORMAT = "avro";

    /**
     * The hard limit on a document's input, 1 MiB of UTF-8: the one size a document is refused for.
     * Token counts are no limit: long documents are scored window by window and long prompts are
     * read from their most recent tokens.
     */
    public static final int DEFAULT_MAX_TEXT_BYTES = 1 << 20;

    public static final int DEFAULT_MAX_NEW_TOKENS = 32;
    public static final int DEFAULT_MAX_NEW_TOKENS_LIMIT = 512;
    public static final float DEFAULT_TEMPERATURE = 0.8f;
    public static final int DEFAULT_TOP_K = 40;

    /** How records are encoded on the documents topic. */
    public enum InputFormat {
        avro,
        json,
        text
    }

    /** Every setting at its default. */
    public static IngestSettings defaults() {
        return new IngestSettings(
                InputFormat.valueOf(DEFAULT_INPUT_FORMAT),
                DEFAULT_MAX_TEXT_BYTES,
                DEFAULT_MAX_NEW_TOKENS,
                DEFAULT_MAX_NEW_TOKENS_LIMIT,
                DEFAULT_TEMPERATURE,
                DEFAULT_TOP_K);
    }

    /** These settings with another input format and text limit. */
    public IngestSettings withInput(InputFormat format, int maxBytes) {
        return new IngestSettings(
                format,
                maxBytes,
                defaultMaxNewTokens,
                maxNewTokensLimit,
                defaultTemperature,
                defaultTopK);
    }
}
