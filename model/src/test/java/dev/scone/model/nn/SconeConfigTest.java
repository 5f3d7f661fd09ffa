package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SconeConfigTest {

    private static long countMatching(Map<String, Parameter> parameters, String... prefixes) {
        long count = 0;
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            for (String prefix : prefixes) {
                if (entry.getKey().startsWith(prefix)) {
                    count += entry.getValue().getArray().size();
                    break;
                }
            }
        }
        return count;
    }

    @Test
    void parameterCountsAgreeWithTheBuiltModel() {
        try (SconeModel model = TinyModels.model(1)) {
            SconeConfig config = model.config();
            Map<String, Parameter> parameters = model.namedParameters();
            assertThat(config.nonEmbeddingParameters())
                    .isEqualTo(countMatching(parameters, "blocks.", "ln_f."));
            assertThat(config.fgramEncoderParameters())
                    .isEqualTo(countMatching(parameters, "fgram."));
            assertThat(config.embeddingParameters())
                    .isEqualTo(countMatching(parameters, "tok_emb.", "pos_emb.", "lm_head."));
            assertThat(model.parameterCount())
                    .isEqualTo(
                            config.nonEmbeddingParameters()
                                    + config.fgramEncoderParameters()
                                    + config.embeddingParameters());
        }
    }

    @Test
    void inferenceFlopsGrowWithTheDecoderButNotWithTheFgramModel() {
        SconeConfig small = TinyModels.config(1);
        SconeConfig bigFgramModel = TinyModels.config(4);
        assertThat(bigFgramModel.inferenceFlopsPerToken())
                .isEqualTo(small.inferenceFlopsPerToken());
        assertThat(small.inferenceFlopsPerToken())
                .isGreaterThan(2 * small.nonEmbeddingParameters());
    }

    @Test
    void jsonRoundTrip() {
        SconeConfig config = TinyModels.config(1);
        assertThat(SconeConfig.fromJson(config.toJson())).isEqualTo(config);
        assertThat(config.toJson()).contains("\"fgramLayers\"");
    }

    @Test
    void invalidShapesAreRejectedWithOneSentence() {
        assertThatThrownBy(() -> SconeConfig.of(30, 1, 4, 16, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The model width d=30 must be divisible by heads=4.");
        assertThatThrownBy(() -> new SconeConfig(100, 32, 1, 4, 16, 6, 1, 2, 4, 0f, 1L))
                .hasMessageContaining("maxFgramLength must be between 2 and 5");
        assertThatThrownBy(() -> SconeConfig.fromJson("{\"d\": 32"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The model configuration is not valid JSON");
    }
}
