package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrownDetokenizerTest {

    @ParameterizedTest
    @CsvSource(
            quoteCharacter = '"',
            value = {
                "jury/nn, jury",
                "Atlanta's/np$, Atlanta's",
                "1-1/2/cd, 1-1/2",
                "//in, /",
                "``/``, ``",
                "''/'', ''",
                "Merger/nn-hl, Merger",
                "untagged, untagged"
            })
    void tagIsWhatFollowsTheLastSlash(String token, String word) {
        assertThat(BrownDetokenizer.stripTag(token)).isEqualTo(word);
    }

    @Test
    void punctuationSitsAgainstItsWord() {
        assertThat(detokenize("The jury said , in its report ; that it was done ."))
                .isEqualTo("The jury said, in its report; that it was done.");
        assertThat(detokenize("Why ? Because ! Then : this ( or that ) costs $ 5 %"))
                .isEqualTo("Why? Because! Then: this (or that) costs $5%");
    }

    @Test
    void doubleQuotesBecomeStraightQuotesAroundTheirWords() {
        assertThat(detokenize("`` Only a handful '' , the jury said , `` considering it '' ."))
                .isEqualTo("\"Only a handful\", the jury said, \"considering it\".");
    }

    @Test
    void singleQuotesAlternateBetweenOpeningAndClosing() {
        assertThat(detokenize("the ' Met ' is back and the ' Met ' plays"))
                .isEqualTo("the 'Met' is back and the 'Met' plays");
    }

    @Test
    void splitCliticsJoinTheirWordButElidedWordsDoNot() {
        assertThat(detokenize("John 's car ca n't go , tell 'em"))
                .isEqualTo("John's car can't go, tell 'em");
    }

    @Test
    void dashesKeepTheirSpaces() {
        assertThat(detokenize("Teachers -- men in suits -- came"))
                .isEqualTo("Teachers -- men in suits -- came");
    }

    private static String detokenize(String spaceSeparatedWords) {
        List<String> words = Arrays.asList(spaceSeparatedWords.split(" "));
        return BrownDetokenizer.detokenize(words);
    }
}
