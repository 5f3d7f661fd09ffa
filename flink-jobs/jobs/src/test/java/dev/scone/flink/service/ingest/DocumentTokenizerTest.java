package dev.scone.flink.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.Task;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DocumentTokenizerTest {

    private static final int CONTEXT = 32;
    private static final int K = 5;

    private static DocumentRequest request(String id, Task task, String text, int maxNewTokens) {
        DocumentRequest request = new DocumentRequest();
        request.id = id;
        request.task = task;
        request.text = text;
        request.maxNewTokens = maxNewTokens;
        return request;
    }

    private static List<DocumentRequest> tokenize(DocumentRequest... requests) throws Exception {
        return tokenize(new DocumentTokenizer(CONTEXT, K), requests);
    }

    private static List<DocumentRequest> tokenize(
            DocumentTokenizer tokenizer, DocumentRequest... requests) throws Exception {
        try (OneInputStreamOperatorTestHarness<DocumentRequest, DocumentRequest> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamMap<>(tokenizer))) {
            harness.open();
            for (DocumentRequest request : requests) {
                harness.processElement(request, 0);
            }
            return harness.extractOutputValues();
        }
    }

    @Test
    void cutsOnlyThePromptTokensNeitherTheDecoderNorItsMatchesRead() {
        DocumentTokenizer tokenizer = new DocumentTokenizer(CONTEXT, K);
        // 8 new tokens leave room for 24 prompt tokens; matches reach back K - 1 = 4 more.
        assertThat(tokenizer.unreadPrefix(24, 8)).isZero();
        assertThat(tokenizer.unreadPrefix(28, 8)).isZero();
        assertThat(tokenizer.unreadPrefix(29, 8)).isEqualTo(1);
        assertThat(tokenizer.unreadPrefix(30, 8)).isEqualTo(2);
        assertThat(tokenizer.unreadPrefix(100, 8)).isEqualTo(100 - 24 - 4);
        // Asking for more than half the context still leaves the prompt half of it.
        assertThat(tokenizer.unreadPrefix(100, 500)).isEqualTo(100 - 16 - 4);
        assertThat(tokenizer.unreadPrefix(100, 0)).isEqualTo(100 - 32 - 4);
    }

    @Test
    void aLongGeneratePromptKeepsItsTailAndCountsTheRestWhileScoringKeepsEverything()
            throws Exception {
        String text = "It was a dark and stormy night; the rain fell in torrents. ".repeat(10);
        int[] all = Gpt2Tokenizer.get().encode(text);
        assertThat(all.length).isGreaterThan(3 * CONTEXT);

        List<DocumentRequest> out =
                tokenize(
                        request("g", Task.GENERATE, text, 8),
                        request("s", Task.SCORE, text, 0),
                        request("short", Task.GENERATE, "Once upon a time", 8));

        DocumentRequest generate = out.get(0);
        int cut = all.length - 24 - (K - 1);
        assertThat(generate.promptTokensTrimmed).isEqualTo(cut);
        assertThat(generate.tokens).containsExactly(Arrays.copyOfRange(all, cut, all.length));
        assertThat(out.get(1).promptTokensTrimmed).isZero();
        assertThat(out.get(1).tokens).containsExactly(all);
        assertThat(out.get(2).promptTokensTrimmed).isZero();
        assertThat(out.get(2).tokens)
                .containsExactly(Gpt2Tokenizer.get().encode("Once upon a time"));
    }

    @Test
    void theWholeTextTokenizerKeepsEveryTokenOfALongGeneratePrompt() throws Exception {
        String text = "It was a dark and stormy night; the rain fell in torrents. ".repeat(10);
        int[] all = Gpt2Tokenizer.get().encode(text);

        DocumentRequest generate =
                tokenize(DocumentTokenizer.wholeText(), request("g", Task.GENERATE, text, 8))
                        .get(0);

        assertThat(generate.promptTokensTrimmed).isZero();
        assertThat(generate.tokens).containsExactly(all);
    }
}
