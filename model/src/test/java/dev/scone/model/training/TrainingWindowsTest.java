package dev.scone.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingWindowsTest {

    /** Suffix-closed: 2-3, 3-4, 4-5, 2-3-4, 3-4-5, 2-3-4-5. */
    private static LongestMatcher matcher() {
        FgramVocabulary vocabulary =
                FgramVocabulary.builder()
                        .maxN(5)
                        .add(new int[] {2, 3}, 9)
                        .add(new int[] {3, 4}, 9)
                        .add(new int[] {4, 5}, 9)
                        .add(new int[] {2, 3, 4}, 8)
                        .add(new int[] {3, 4, 5}, 8)
                        .add(new int[] {2, 3, 4, 5}, 7)
                        .build();
        return LongestMatcher.of(vocabulary);
    }

    @Test
    void windowsOverlapByOneTokenSoEveryTokenButTheFirstIsPredictedOnce() {
        int[] tokens = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        List<TrainingWindow> windows = TrainingWindows.cut(tokens, null, 4, null);

        assertThat(windows)
                .extracting(TrainingWindow::tokens)
                .containsExactly(
                        new int[] {1, 2, 3, 4}, new int[] {4, 5, 6, 7}, new int[] {7, 8, 9, 10});
        assertThat(windows.stream().mapToInt(TrainingWindow::predictions).sum())
                .isEqualTo(tokens.length - 1);
        assertThat(windows).allSatisfy(window -> assertThat(window.matchLengths()).isNull());
    }

    @Test
    void aShortLastWindowAndATinyDocument() {
        assertThat(TrainingWindows.cut(new int[] {1, 2, 3, 4, 5}, null, 4, null))
                .extracting(TrainingWindow::tokens)
                .containsExactly(new int[] {1, 2, 3, 4}, new int[] {4, 5});
        assertThat(TrainingWindows.cut(new int[] {1}, null, 4, null)).isEmpty();
    }

    @Test
    void matchesReachingBeforeTheWindowAreCutToTheWindow() {
        int[] tokens = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        LongestMatcher matcher = matcher();
        int[] documentMatches = matcher.match(tokens);
        // 2-3 ends at position 2, 2-3-4 at 3 and 2-3-4-5 at 4.
        assertThat(documentMatches).containsExactly(0, 0, 2, 3, 4, 0, 0, 0, 0, 0);

        List<TrainingWindow> windows = TrainingWindows.cut(tokens, documentMatches, 4, matcher);

        assertThat(windows.get(0).matchLengths()).containsExactly(0, 0, 2, 3);
        // The second window starts at token 4: 2-3-4 is cut to the single token 4 (no match) and
        // 2-3-4-5 to the f-gram 4-5.
        assertThat(windows.get(1).matchLengths()).containsExactly(0, 2, 0, 0);
        assertThat(windows.get(2).matchLengths()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void withASuffixClosedVocabularyTheCutIsMinOfLengthAndPosition(@TempDir Path dir)
            throws IOException {
        Path corpus = TinyCorpus.write(dir.resolve("tiny.txt"), 40, 3L);
        FgramVocabulary vocabulary = TinyCorpus.vocabulary(List.of(corpus), 5, 2, 0);
        assertThat(vocabulary.isSuffixClosed()).isTrue();
        LongestMatcher matcher = LongestMatcher.of(vocabulary);
        int contextLength = 7;
        int checkedCuts = 0;
        for (String text : TinyCorpus.documents(40, 3L)) {
            int[] tokens = Gpt2Tokenizer.get().encode(text);
            int[] documentMatches = matcher.match(tokens);
            List<TrainingWindow> windows =
                    TrainingWindows.cut(tokens, documentMatches, contextLength, matcher);
            for (int w = 0; w < windows.size(); w++) {
                int start = w * (contextLength - 1);
                TrainingWindow window = windows.get(w);
                assertThat(window.matchLengths()).isEqualTo(matcher.match(window.tokens()));
                for (int i = 0; i < window.tokens().length; i++) {
                    int whole = documentMatches[start + i];
                    int cut = Math.min(whole, i + 1);
                    assertThat(window.matchLengths()[i]).isEqualTo(cut >= 2 ? cut : 0);
                    if (whole > i + 1) {
                        checkedCuts++;
                    }
                }
            }
        }
        assertThat(checkedCuts).isPositive();
    }
}
