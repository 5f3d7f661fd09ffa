package dev.scone.flink.service.decoder;

import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.table.FgramTable;
import java.util.List;

/**
 * One decoder subtask's handle on the served model. Like a DJL predictor it is not thread-safe: the
 * decoder calls it from its single batching thread only.
 */
public interface ModelSession extends AutoCloseable {

    /** Version string of the served model, echoed on every result. */
    String modelVersion();

    /** Scores a batch of documents in one forward pass per context window. */
    List<ScoredDocument> score(List<AssembledDocument> batch);

    /**
     * Continues a prompt of any length. Each generated token's longest f-gram is looked up in
     * {@code replica} before the next step, as the paper does for decoding. A prompt longer than
     * fits beside the new tokens is read from its most recent tokens, and output that fills the
     * context slides the window ({@code GenerationWindow}).
     */
    GenerateOutput generate(AssembledDocument prompt, FgramTable replica);

    @Override
    void close();

    /**
     * A continuation and how it was built; {@code promptTokensDropped} counts the prompt's first
     * tokens the model did not read because prompt and new tokens did not fit its context.
     */
    final class GenerateOutput {
        public final int[] tokens;
        public final String text;
        public final int matchedGeneratedPositions;
        public final int promptTokensDropped;

        public GenerateOutput(
                int[] tokens, String text, int matchedGeneratedPositions, int promptTokensDropped) {
            this.tokens = tokens;
            this.text = text;
            this.matchedGeneratedPositions = matchedGeneratedPositions;
            this.promptTokensDropped = promptTokensDropped;
        }
    }
}
