package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerWorkloadTest {

    @Test
    void readsTheCorpusDocumentsInFileOrder(@TempDir Path corpus) throws Exception {
        Files.writeString(corpus.resolve("b.txt"), "third\n\n\n  \nfourth, two\nlines\n");
        Files.writeString(corpus.resolve("a.txt"), "first\n\nsecond caf\u00e9\n");
        Files.writeString(corpus.resolve("notes.md"), "not corpus text\n");

        TokenizerWorkload.Sample sample = TokenizerWorkload.load(corpus);

        assertThat(sample.fromCorpus()).isTrue();
        assertThat(sample.documents())
                .containsExactly("first", "second caf\u00e9", "third", "fourth, two\nlines");
        long expectedBytes = 0;
        for (String document : sample.documents()) {
            expectedBytes += document.getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(sample.utf8Bytes()).isEqualTo(expectedBytes);
    }

    @Test
    void fallsBackToTheBuiltInSampleWithoutACorpus(@TempDir Path empty) {
        for (TokenizerWorkload.Sample sample :
                List.of(
                        TokenizerWorkload.load(null),
                        TokenizerWorkload.load(empty),
                        TokenizerWorkload.load(empty.resolve("missing")))) {
            assertThat(sample.fromCorpus()).isFalse();
            assertThat(sample.utf8Bytes()).isGreaterThanOrEqualTo(TokenizerWorkload.BUILT_IN_CHARS);
            assertThat(sample.documents()).allMatch(document -> !document.isBlank());
        }
    }
}
