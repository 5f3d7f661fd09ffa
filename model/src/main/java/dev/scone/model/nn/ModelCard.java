package dev.scone.model.nn;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.files.JsonFiles;
import java.util.Objects;

/**
 * What a model directory holds, as {@code model-card.json}: the configuration, the tokenizer, the
 * fingerprint of the f-gram vocabulary the model was trained with, and a version that results and
 * table entries record so that every output names the model behind it.
 *
 * @param formatVersion layout version of the model directory, {@link #FORMAT_VERSION}
 * @param modelVersion the model's version string, such as {@code scone-tiny-2025-01-01}
 * @param tokenizer tokenizer name, such as {@code r50k_base} (GPT-2 BPE)
 * @param vocabularyFingerprint fingerprint of {@code vocabulary.avro}, or empty for a baseline
 * @param fgramCount number of f-grams in the vocabulary, 0 for a baseline
 * @param config the model's shape
 */
public record ModelCard(
        int formatVersion,
        String modelVersion,
        String tokenizer,
        String vocabularyFingerprint,
        long fgramCount,
        SconeConfig config) {

    /** The directory layout this code writes. */
    public static final int FORMAT_VERSION = 1;

    /** Name of the GPT-2 BPE encoding. */
    public static final String GPT2_TOKENIZER = "r50k_base";

    private static final ObjectMapper JSON = JsonFiles.MAPPER;

    /** Requires every text field and the configuration. */
    public ModelCard {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(vocabularyFingerprint, "vocabularyFingerprint");
        Objects.requireNonNull(config, "config");
    }

    /** A card in the current format. */
    public static ModelCard of(
            SconeConfig config,
            String modelVersion,
            String tokenizer,
            String vocabularyFingerprint,
            long fgramCount) {
        return new ModelCard(
                FORMAT_VERSION, modelVersion, tokenizer, vocabularyFingerprint, fgramCount, config);
    }

    /** This card as indented JSON. */
    public String toJson() {
        return JsonFiles.write(JSON, this, "A model card");
    }

    /**
     * Reads a card written by {@link #toJson()}; unknown fields are ignored so newer cards stay
     * readable.
     *
     * @throws IllegalArgumentException if the text is not a valid model card
     */
    public static ModelCard fromJson(String json) {
        return JsonFiles.read(JSON, json, ModelCard.class, "The model card is not valid");
    }
}
