package dev.scone.flink.vocabulary;

import dev.scone.model.tokenizer.Gpt2Tokenizer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * GPT-2 BPE token ids of each document. One record per document keeps document boundaries through
 * every later stage, so no n-gram is ever counted across two documents.
 */
final class CorpusTokenizer extends RichMapFunction<String, int[]> {

    private static final long serialVersionUID = 1L;

    private transient Gpt2Tokenizer tokenizer;
    private transient LongCounter documents;
    private transient LongCounter tokens;

    @Override
    public void open(OpenContext openContext) {
        tokenizer = Gpt2Tokenizer.get();
        documents = new LongCounter();
        tokens = new LongCounter();
        LongMinimum startedAt = new LongMinimum();
        startedAt.add(System.currentTimeMillis());
        getRuntimeContext().addAccumulator(VocabularyCounters.DOCUMENTS, documents);
        getRuntimeContext().addAccumulator(VocabularyCounters.TOKENS, tokens);
        getRuntimeContext().addAccumulator(VocabularyCounters.STARTED_AT_MILLIS, startedAt);
    }

    @Override
    public int[] map(String document) {
        int[] ids = tokenizer.encode(document);
        documents.add(1);
        tokens.add(ids.length);
        return ids;
    }
}
