package dev.scone.schemas;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional fields of a document, as every way of reading one must fill them when absent. */
public final class DocumentDefaults {

    private DocumentDefaults() {}

    /**
     * That {@code document} holds the schema defaults of its optional fields: a SCORE request
     * without generation settings, token log-probabilities or attributes.
     */
    public static void assertOptionalFieldsAtDefaults(Document document) {
        assertThat(document.getTask()).isEqualTo(Task.SCORE);
        assertThat(document.getMaxNewTokens()).isNull();
        assertThat(document.getTemperature()).isNull();
        assertThat(document.getTopK()).isNull();
        assertThat(document.getSeed()).isNull();
        assertThat(document.getReturnTokenLogProbs()).isFalse();
        assertThat(document.getAttributes()).isEmpty();
    }
}
