package dev.scone.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocumentRulesTest {

    @Test
    void aUsableDocumentHasNoProblem() {
        assertThat(DocumentRules.textProblem("d1", "some text", 100)).isNull();
        assertThat(DocumentRules.generationProblem("d1", 32, 512, 0.8f, 40)).isNull();
        assertThat(DocumentRules.generationProblem("d1", 0, 512, 0f, 0)).isNull();
    }

    @Test
    void idAndTextProblemsAreNamedInTheirOrder() {
        assertThat(DocumentRules.textProblem(" ", "", 100)).isEqualTo("document has no id");
        assertThat(DocumentRules.textProblem(null, "t", 100)).isEqualTo("document has no id");
        assertThat(DocumentRules.textProblem("d1", "", 100))
                .isEqualTo("document d1 has empty text");
        assertThat(DocumentRules.textProblem("d1", "\u00e9\u00e9", 3))
                .isEqualTo("document d1 text is 4 bytes, over the limit of 3");
    }

    @Test
    void generationParametersOutsideTheirRangesAreNamed() {
        assertThat(DocumentRules.generationProblem("g", 513, 512, 0.8f, 40))
                .isEqualTo("document g asks for 513 new tokens; allowed are 0..512");
        assertThat(DocumentRules.generationProblem("g", -1, 512, 0.8f, 40))
                .isEqualTo("document g asks for -1 new tokens; allowed are 0..512");
        assertThat(DocumentRules.generationProblem("g", 1, 512, Float.NaN, 40))
                .isEqualTo("document g has temperature NaN");
        assertThat(DocumentRules.generationProblem("g", 1, 512, Float.POSITIVE_INFINITY, 40))
                .isEqualTo("document g has temperature Infinity");
        assertThat(DocumentRules.generationProblem("g", 1, 512, 1f, -2))
                .isEqualTo("document g has negative topK -2");
    }

    @Test
    void theJsonReaderAppliesTheSameRanges() {
        assertThat(DocumentRules.isValidCount(0)).isTrue();
        assertThat(DocumentRules.isValidCount(-1)).isFalse();
        assertThat(DocumentRules.isValidTemperature(-0.5f)).isFalse();
        assertThat(DocumentRules.isValidTemperature(Float.NaN)).isFalse();
    }
}
