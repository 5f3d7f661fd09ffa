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

    @Test
    void aCardWrittenBeforeTheGpt2FieldsReadsAsTheSameModel() {
        String old =
                """
                {"vocabSize": 50257, "d": 64, "layers": 2, "heads": 4, "contextLength": 64,
                 "maxFgramLength": 5, "fgramLayers": 0, "fgramHeads": 4, "mlpRatio": 4,
                 "dropout": 0.0, "seed": 42}
                """;
        SconeConfig config = SconeConfig.fromJson(old);
        assertThat(config).isEqualTo(new SconeConfig(50257, 64, 2, 4, 64, 5, 0, 4, 4, 0f, 42L));
        assertThat(config.activation()).isEqualTo(SconeConfig.GELU);
        assertThat(config.layerNormEpsilon()).isEqualTo(1e-5f);
        assertThat(config.ffnWidth()).isNull();
        assertThat(config.ffnHidden()).isEqualTo(256);
        assertThat(config.tiedOutputEmbedding()).isFalse();
        assertThat(config.fgramReadout()).isEqualTo(SconeConfig.READOUT_NORM);
        assertThat(config.readsFgramsThroughNorm()).isTrue();
    }

    @Test
    void theResidualReadoutDropsAfsFinalNormAndAnUnknownReadoutIsRefused() {
        String residual =
                "{\"vocabSize\":50257,\"d\":64,\"layers\":2,\"heads\":4,\"contextLength\":64,"
                        + "\"maxFgramLength\":5,\"fgramLayers\":1,\"fgramHeads\":4,\"mlpRatio\":4,"
                        + "\"dropout\":0.0,\"seed\":42,\"fgramReadout\":\"residual\"}";
        SconeConfig config = SconeConfig.fromJson(residual);
        assertThat(config.readsFgramsThroughNorm()).isFalse();
        assertThat(SconeConfig.fromJson(config.toJson())).isEqualTo(config);
        SconeConfig norm = new SconeConfig(50257, 64, 2, 4, 64, 5, 1, 4, 4, 0f, 42L);
        assertThat(norm.fgramEncoderParameters() - config.fgramEncoderParameters())
                .isEqualTo(2L * 64);
        assertThatThrownBy(() -> SconeConfig.fromJson(residual.replace("\"residual\"", "\"sum\"")))
                .hasMessageContaining("fgramReadout must be norm or residual, not sum.");
    }

    @Test
    void gpt2FieldsSurviveJsonAndShapeTheCounts() {
        SconeConfig gpt2 =
                new SconeConfig(
                        50257,
                        32,
                        2,
                        2,
                        64,
                        5,
                        0,
                        2,
                        4,
                        0f,
                        1L,
                        "gelu_new",
                        1e-6f,
                        48,
                        true,
                        "norm");
        SconeConfig read = SconeConfig.fromJson(gpt2.toJson());
        assertThat(read).isEqualTo(gpt2);
        assertThat(read.ffnHidden()).isEqualTo(48);
        assertThat(read.embeddingParameters()).isEqualTo(50257L * 32 + 64L * 32);
        try (SconeModel model = SconeModel.create(gpt2, ai.djl.Device.cpu())) {
            Map<String, Parameter> parameters = model.namedParameters();
            assertThat(parameters).doesNotContainKey("lm_head.weight");
            assertThat(parameters.get("blocks.0.mlp.fc.weight").getArray().getShape().getShape())
                    .containsExactly(48, 32);
            assertThat(model.parameterCount())
                    .isEqualTo(gpt2.nonEmbeddingParameters() + gpt2.embeddingParameters());
        }
        assertThatThrownBy(
                        () ->
                                new SconeConfig(
                                        50257,
                                        32,
                                        2,
                                        2,
                                        64,
                                        5,
                                        0,
                                        2,
                                        4,
                                        0f,
                                        1L,
                                        "relu",
                                        0f,
                                        null,
                                        false,
                                        SconeConfig.READOUT_NORM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The activation must be gelu or gelu_new, not relu.");
    }
}
