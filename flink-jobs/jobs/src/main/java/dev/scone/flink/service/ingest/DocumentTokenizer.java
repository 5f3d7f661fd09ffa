package dev.scone.flink.service.ingest;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.MetricNames;
import dev.scone.model.nn.GenerationWindow;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * GPT-2 BPE tokenization of each request's text (the same tokenizer as training and scoring).
 *
 * <p>A GENERATE prompt longer than the decoder reads is cut here already. The decoder reads the
 * prompt's newest tokens that fit beside the new ones ({@link GenerationWindow}, the same default
 * window as the decoder's {@code Generator}), and their f-gram matches reach back at most K - 1
 * tokens, so every token before those can change nothing. Cutting them before the fan-out spares a
 * lookup, a match and a vector per dropped position on their way through the job; the count travels
 * on in {@link DocumentRequest#promptTokensTrimmed}. SCORE documents are never cut: they are scored
 * window by window. {@link #wholeText()} is the same tokenizer without the cut.
 */
public class DocumentTokenizer extends RichMapFunction<DocumentRequest, DocumentRequest> {

    private static final long serialVersionUID = 1L;

    private final int contextLength;
    private final int maxFgramLength;
    private final boolean cutsPrompts;
    private transient Gpt2Tokenizer tokenizer;
    private transient Counter tokensIn;

    /**
     * @param contextLength the served model's context C
     * @param maxFgramLength K, the longest f-gram a position can match
     */
    public DocumentTokenizer(int contextLength, int maxFgramLength) {
        if (contextLength < 1 || maxFgramLength < 1) {
            throw new IllegalArgumentException(
                    "Context "
                            + contextLength
                            + " and f-gram length "
                            + maxFgramLength
                            + " must both be positive.");
        }
        this.contextLength = contextLength;
        this.maxFgramLength = maxFgramLength;
        this.cutsPrompts = true;
    }

    private DocumentTokenizer() {
        this.contextLength = 0;
        this.maxFgramLength = 0;
        this.cutsPrompts = false;
    }

    /**
     * A tokenizer that keeps every token of every document, GENERATE prompts included: for the
     * discovery job, where every phrase of the stream counts whatever its document asked for.
     */
    public static DocumentTokenizer wholeText() {
        return new DocumentTokenizer();
    }

    @Override
    public void open(OpenContext openContext) {
        tokenizer = Gpt2Tokenizer.get();
        tokensIn = getRuntimeContext().getMetricGroup().counter(MetricNames.TOKENS_IN);
    }

    @Override
    public DocumentRequest map(DocumentRequest request) {
        int[] tokens = tokenizer.encode(request.text);
        tokensIn.inc(tokens.length);
        int cut =
                cutsPrompts && request.isGenerate()
                        ? unreadPrefix(tokens.length, request.maxNewTokens)
                        : 0;
        request.promptTokensTrimmed = cut;
        request.tokens = cut == 0 ? tokens : Arrays.copyOfRange(tokens, cut, tokens.length);
        return request;
    }

    /** The prompt's first tokens that neither the decoder nor any match it reads can see. */
    int unreadPrefix(int promptLength, int maxNewTokens) {
        int dropped =
                GenerationWindow.of(contextLength).promptTokensDropped(promptLength, maxNewTokens);
        return Math.max(0, dropped - (maxFgramLength - 1));
    }
}
