package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenerationWindowTest {

    @Test
    void aPromptKeepsWhatFitsBesideTheNewTokensButAtLeastHalfTheContext() {
        GenerationWindow window = GenerationWindow.of(32);
        assertThat(window.promptRoom(0)).isEqualTo(32);
        assertThat(window.promptRoom(8)).isEqualTo(24);
        assertThat(window.promptRoom(16)).isEqualTo(16);
        assertThat(window.promptRoom(20)).isEqualTo(16);
        assertThat(window.promptRoom(1_000)).isEqualTo(16);
        assertThat(window.promptTokensDropped(10, 8)).isZero();
        assertThat(window.promptTokensDropped(24, 8)).isZero();
        assertThat(window.promptTokensDropped(25, 8)).isEqualTo(1);
        assertThat(window.promptTokensDropped(50, 8)).isEqualTo(26);
        assertThat(window.promptTokensDropped(50, 100)).isEqualTo(34);

        GenerationWindow gpt2 = GenerationWindow.of(1024);
        assertThat(gpt2.promptTokensDropped(5_000, 32)).isEqualTo(5_000 - 992);
        assertThat(gpt2.promptTokensDropped(5_000, 512)).isEqualTo(5_000 - 512);
        assertThat(GenerationWindow.of(1).promptRoom(5)).isEqualTo(1);
        assertThat(GenerationWindow.of(3).promptRoom(5)).isEqualTo(2);
    }

    @Test
    void theDefaultSlideKeepsThreeQuartersOfTheContext() {
        assertThat(GenerationWindow.of(32).keep()).isEqualTo(24);
        assertThat(GenerationWindow.of(1024).keep()).isEqualTo(768);
        assertThat(GenerationWindow.of(4).keep()).isEqualTo(3);
        assertThat(GenerationWindow.of(2).keep()).isEqualTo(2);
        assertThat(GenerationWindow.of(1).keep()).isEqualTo(1);
    }

    @Test
    void theWindowSlidesOnlyWhenFullAndThenKeepsTheNewestTokens() {
        GenerationWindow window = new GenerationWindow(8, 6);
        int start = 0;
        int slides = 0;
        StringBuilder starts = new StringBuilder();
        for (int length = 1; length <= 30; length++) {
            int next = window.start(start, length);
            if (next != start) {
                slides++;
                assertThat(length - start).as("slides only past the context").isEqualTo(9);
                assertThat(length - next).as("keeps the newest tokens").isEqualTo(6);
            }
            start = next;
            assertThat(length - start).isBetween(1, 8);
            starts.append(start).append(' ');
        }
        // Full at 8 tokens, then a slide every 3 tokens: 9 -> 3, 12 -> 6, ...
        assertThat(starts.toString().trim())
                .isEqualTo(
                        "0 0 0 0 0 0 0 0 3 3 3 6 6 6 9 9 9 12 12 12 15 15 15 18 18 18 21 21 21 24");
        assertThat(slides).isEqualTo(8);
    }

    @Test
    void keepingTheWholeContextSlidesByOneTokenEveryStep() {
        GenerationWindow window = new GenerationWindow(8, 8);
        int start = 5;
        for (int length = 6; length <= 40; length++) {
            start = window.start(start, length);
            assertThat(start).isEqualTo(Math.max(5, length - 8));
        }
    }

    @Test
    void aSlideMustKeepBetweenOneTokenAndTheContext() {
        assertThatThrownBy(() -> new GenerationWindow(8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..8");
        assertThatThrownBy(() -> new GenerationWindow(8, 9))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenerationWindow(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
