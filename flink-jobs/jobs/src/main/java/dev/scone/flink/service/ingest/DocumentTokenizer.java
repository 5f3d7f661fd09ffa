package dev.scone.flink.service.ingest;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.MetricNames;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** GPT-2 BPE tokenization of each request's text (the same tokenizer as training and scoring). */
public class DocumentTokenizer extends RichMapFunction<DocumentRequest, DocumentRequest> {

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
