package dev.scone.model.evaluation;

import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeConfig;

/**
 * What a report says about each model it compares: the two SCONE scaling knobs (f-grams and A_F)
 * next to the costs that matter at inference.
 *
 * @param name the model's name in the report
 * @param modelVersion its version
 * @param nonEmbeddingParameters the decoder's size
 * @param fgramEncoderParameters A_F's size (training only), 0 for a baseline
 * @param fgrams f-grams in its table, 0 for a baseline
 * @param inferenceFlopsPerToken forward FLOPs per token at inference
 */
public record ModelSummary(
        String name,
        String modelVersion,
        long nonEmbeddingParameters,
        long fgramEncoderParameters,
        long fgrams,
        long inferenceFlopsPerToken) {

    /** The summary of a model from its card. */
    public static ModelSummary of(String name, ModelCard card) {
        SconeConfig config = card.config();
        return new ModelSummary(
                name,
                card.modelVersion(),
                config.nonEmbeddingParameters(),
                config.fgramEncoderParameters(),
                card.fgramCount(),
                config.inferenceFlopsPerToken());
    }
}
