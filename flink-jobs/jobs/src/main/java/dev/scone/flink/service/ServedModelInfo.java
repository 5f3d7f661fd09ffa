package dev.scone.flink.service;

import dev.scone.model.nn.ModelCard;
import java.io.Serializable;

/**
 * What the job graph needs to know about the served model before any operator loads it: the table's
 * vector dimension and K for validating changelog entries, the context length C for cutting long
 * prompts at ingest, and the version for results.
 */
public record ServedModelInfo(
        int dimension, int maxFgramLength, int contextLength, String modelVersion)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the card of the served model says. */
    public static ServedModelInfo of(ModelCard card) {
        return new ServedModelInfo(
                card.config().d(),
                card.config().maxFgramLength(),
                card.config().contextLength(),
                card.modelVersion());
    }
}
