package dev.scone.flink.service;

import dev.scone.model.nn.ModelCard;
import java.io.Serializable;

/**
 * What the job graph needs to know about the served model before any operator loads it: the table's
 * vector dimension and K for validating changelog entries, the context length C for cutting long
 * prompts at ingest, and the version for results.
 */
public final class ServedModelInfo implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int dimension;
    private final int maxFgramLength;
    private final int contextLength;
    private final String modelVersion;

    public ServedModelInfo(
            int dimension, int maxFgramLength, int contextLength, String modelVersion) {
        this.dimension = dimension;
        this.maxFgramLength = maxFgramLength;
        this.contextLength = contextLength;
        this.modelVersion = modelVersion;
    }

    /** What the card of the served model says. */
    public static ServedModelInfo of(ModelCard card) {
        return new ServedModelInfo(
                card.config().d(),
                card.config().maxFgramLength(),
                card.config().contextLength(),
                card.modelVersion());
    }

    public int dimension() {
        return dimension;
    }

    public int maxFgramLength() {
        return maxFgramLength;
    }

    public int contextLength() {
        return contextLength;
    }

    public String modelVersion() {
        return modelVersion;
    }
}
