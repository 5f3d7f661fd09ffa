package dev.scone.model.evaluation;

import dev.scone.model.serving.ScoredDocument;
import dev.scone.schemas.topic.RecordJson;

/**
 * The score of one document under a served model, and its JSON line. The field names and values are
 * those of the streaming service's results ({@code tokens} is the document's token count, {@code
 * perplexity} is exp(-logLikelihood / (tokens - 1)) and 1 for a single token), so offline and
 * streamed scores of a document can be compared field by field.
 *
 * @param id the document's id
 * @param tokens tokens in the document
 * @param scored its log-probabilities and match statistics
 */
public record DocumentScore(String id, int tokens, ScoredDocument scored) {

    /**
     * One line of JSON: {@code id, tokens, logLikelihood, perplexity, matchedPositions,
     * meanMatchLength} and, when asked for, {@code tokenLogProbs}; written by the topic contract's
     * writer of results, {@link RecordJson}.
     */
    public String toJson(boolean withTokenLogProbs) {
        return RecordJson.scoreToJson(
                id,
                tokens,
                scored.logLikelihood(),
                scored.perplexity(),
                scored.matchedPositions(),
                scored.meanMatchLength(),
                withTokenLogProbs ? scored.tokenLogProbs() : null);
    }
}
