package dev.scone.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Gpt2TokenizerTest {

    private final Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();

    /**
     * Published GPT-2 ids: OpenAI's tiktoken tests ("hello world"), the widely quoted "Hello,
     * world!" example, and the Hugging Face GPT-2 tokenizer fixtures (the non-ASCII cases).
     */
    static Stream<Arguments> publishedEncodings() {
        return Stream.of(
                Arguments.of("Hello world", new int[] {15496, 995}),
                Arguments.of("hello world", new int[] {31373, 995}),
                Arguments.of(" the", new int[] {262}),
                Arguments.of("Hello, world!", new int[] {15496, 11, 995, 0}),
                Arguments.of("How are you doing?", new int[] {2437, 389, 345, 1804, 30}),
                Arguments.of("   leading space", new int[] {220, 220, 3756, 2272}),
                Arguments.of("UNwant\u00e9d,running", new int[] {4944, 42949, 2634, 67, 11, 20270}),
                Arguments.of(
                        "\u751f\u6d3b\u7684\u771f\u8c1b\u662f",
                        new int[] {37955, 162, 112, 119, 21410, 40367, 253, 164, 108, 249, 42468}),
                Arguments.of(
                        "weird \uff5e edge \uff5e case",
                        new int[] {732, 1447, 27332, 121, 252, 5743, 27332, 121, 252, 1339}),
                Arguments.of("you\u2026  ", new int[] {5832, 1399, 220, 220}));
    }

    @ParameterizedTest
    @MethodSource("publishedEncodings")
    void encodesToPublishedGpt2Ids(String text, int[] expectedIds) {
        assertThat(tokenizer.encode(text)).containsExactly(expectedIds);
        assertThat(tokenizer.decode(expectedIds)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "na\u00efve caf\u00e9 \u6771\u4eac \ud83d\ude42",
                "\u00c5ngstr\u00f6m, \u00df, \u0416\u0438\u0437\u043d\u044c, \u0645\u0631\u062d\u0628\u0627",
                "tabs\tand\nnewlines\r\n",
                "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 family emoji"
            })
    void roundTripsNonAsciiText(String text) {
        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
    }

    @Test
    void encodesEmptyTextToNoTokens() {
        assertThat(tokenizer.encode("")).isEmpty();
        assertThat(tokenizer.decode(new int[0])).isEmpty();
    }

    @Test
    void treatsSpecialTokenMarkupAsOrdinaryText() {
        int[] ids = tokenizer.encode("<|endoftext|>");

        assertThat(ids).doesNotContain(Gpt2Tokenizer.END_OF_TEXT);
        // '<' and '>' are single printable bytes, whose GPT-2 ids are their code minus 33.
        assertThat(ids[0]).isEqualTo('<' - 33);
        assertThat(ids[ids.length - 1]).isEqualTo('>' - 33);
        assertThat(tokenizer.decode(ids)).isEqualTo("<|endoftext|>");
    }

    @Test
    void decodesTheEndOfTextId() {
        assertThat(tokenizer.tokenText(Gpt2Tokenizer.END_OF_TEXT)).isEqualTo("<|endoftext|>");
    }

    @Test
    void decodesASliceOfIds() {
        int[] ids = {15496, 11, 995, 0};

        assertThat(tokenizer.decode(ids, 1, 3)).isEqualTo(", world");
        assertThat(tokenizer.decode(ids, 2, 2)).isEmpty();
        assertThatThrownBy(() -> tokenizer.decode(ids, 3, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void givesTheTextOfSingleTokens() {
        assertThat(tokenizer.tokenText(15496)).isEqualTo("Hello");
        assertThat(tokenizer.tokenText(262)).isEqualTo(" the");
        assertThat(tokenizer.tokenText(198)).isEqualTo("\n");
        // Token 162 is a lone UTF-8 lead byte: it cannot be shown on its own.
        assertThat(tokenizer.tokenText(162)).isEqualTo("\ufffd");
    }

    @Test
    void rejectsIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> tokenizer.tokenText(50_257))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Token id 50257 is outside the GPT-2 vocabulary (0..50256).");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {15496, -1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void describesItself() {
        assertThat(tokenizer.vocabularySize()).isEqualTo(50_257);
        assertThat(tokenizer.name()).isEqualTo("gpt2-r50k_base");
        assertThat(Gpt2Tokenizer.get()).isSameAs(tokenizer);
    }

    @Test
    void encodesConsistentlyFromManyThreads() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("Document " + i + ": na\u00efve caf\u00e9 number " + (i * 7919));
        }
        List<int[]> expected = texts.stream().map(tokenizer::encode).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<int[]>>> results = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                results.add(pool.submit(() -> texts.stream().map(tokenizer::encode).toList()));
            }
            for (Future<List<int[]>> result : results) {
                List<int[]> ids = result.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(ids.get(i)).containsExactly(expected.get(i));
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
