package dev.scone.model.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.model.serving.ScoredDocument;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One line of JSON: {@code id, tokens, logLikelihood, perplexity, matchedPositions,
     * meanMatchLength} and, when asked for, {@code tokenLogProbs}.
     */
    public String toJson(boolean withTokenLogProbs) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("tokens", tokens);
        node.put("logLikelihood", scored.logLikelihood());
        node.put("perplexity", scored.perplexity());
        node.put("matchedPositions", scored.matchedPositions());
        node.put("meanMatchLength", scored.meanMatchLength());
        if (withTokenLogProbs) {
            ArrayNode logProbs = node.putArray("tokenLogProbs");
            for (float logProb : scored.tokenLogProbs()) {
                logProbs.add(logProb);
            }
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A score could not be written as JSON.", e);
        }
    }
}
