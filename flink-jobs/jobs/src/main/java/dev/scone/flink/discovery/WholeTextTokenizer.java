package dev.scone.flink.discovery;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.MetricNames;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * GPT-2 BPE tokenization of a document's whole text, the tokenizer of training and serving. Unlike
 * the service's tokenizer it never cuts a GENERATE prompt to what a decoder reads: every phrase of
 * the stream counts, whatever task its document asked for.
 */
public class WholeTextTokenizer extends RichMapFunction<DocumentRequest, DocumentRequest> {

    private static final long serialVersionUID = 1L;

    private transient Gpt2Tokenizer tokenizer;
    private transient Counter tokensIn;

    @Override
    public void open(OpenContext openContext) {
        tokenizer = Gpt2Tokenizer.get();
        tokensIn = getRuntimeContext().getMetricGroup().counter(MetricNames.TOKENS_IN);
    }

    @Override
    public DocumentRequest map(DocumentRequest request) {
        request.tokens = tokenizer.encode(request.text);
        tokensIn.inc(request.tokens.length);
        return request;
    }
}
