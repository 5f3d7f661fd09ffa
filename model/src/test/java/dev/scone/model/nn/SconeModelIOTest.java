package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SconeModelIOTest {

    private static SconeModel model;
    private static ModelCard card;

    @TempDir Path dir;

    @BeforeAll
    static void createModel() {
        model = TinyModels.model(1);
        card = ModelCard.of(model.config(), "tiny-test-1", ModelCard.GPT2_TOKENIZER, "abc123", 42);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private static int[][] sampleTokens() {
        Random random = new Random(9);
        return new int[][] {TinyModels.randomTokens(random, 12, 10)};
    }

    @Test
    void saveThenLoadGivesIdenticalLogits() throws IOException {
        SconeModelIO.save(dir, model, card);
        assertThat(dir.resolve(SconeModelIO.CARD_FILE)).isRegularFile();
        assertThat(dir.resolve(SconeModelIO.WEIGHTS_FILE)).isRegularFile();
        int[][] tokens = sampleTokens();
        int[][] matches = {new TinyModels.EvenFgramLookup(model, false).matchLengths(tokens[0])};
        float[] before = TinyModels.logitsWithFgramEncoder(model, tokens, matches);
        try (SconeModel loaded = SconeModelIO.load(dir, Device.cpu())) {
            assertThat(loaded.config()).isEqualTo(model.config());
            assertThat(loaded.hasFgramEncoder()).isTrue();
            float[] after = TinyModels.logitsWithFgramEncoder(loaded, tokens, matches);
            assertThat(TinyModels.maxAbsDifference(before, after)).isZero();
        }
        assertThat(SconeModelIO.readCard(dir)).isEqualTo(card);
    }

    @Test
    void weightsUseTheDocumentedTensorNames() throws IOException {
        SconeModelIO.save(dir, model, card);
        try (SafetensorsReader reader =
                SafetensorsReader.open(dir.resolve(SconeModelIO.WEIGHTS_FILE))) {
            assertThat(reader.tensors().keySet())
                    .contains(
                            "tok_emb.weight",
                            "pos_emb.weight",
                            "blocks.0.ln1.weight",
                            "blocks.0.ln1.bias",
                            "blocks.0.attn.qkv.weight",
                            "blocks.1.attn.proj.bias",
                            "blocks.1.mlp.fc.weight",
                            "blocks.1.mlp.proj.weight",
                            "ln_f.weight",
                            "lm_head.weight",
                            "fgram.pos_emb.weight",
                            "fgram.blocks.0.attn.qkv.weight",
                            "fgram.ln_f.bias");
            assertThat(reader.tensors().get("blocks.0.attn.qkv.weight").shape())
                    .containsExactly(3L * TinyModels.WIDTH, TinyModels.WIDTH);
            assertThat(reader.tensors().get("fgram.pos_emb.weight").shape())
                    .containsExactly(5, TinyModels.WIDTH);
            assertThat(reader.metadata()).containsEntry("model_version", "tiny-test-1");
        }
    }

    @Test
    void inferenceModelWithoutFgramModelServesFromTheTable() throws IOException {
        SconeModelIO.save(dir, model, card, TensorDType.F32, false);
        int[] tokens = sampleTokens()[0];
        SequenceInput input =
                SequenceInput.lookup(tokens, new TinyModels.EvenFgramLookup(model, true));
        float[] before = TinyModels.logitsOf(model, List.of(input));
        try (SconeModel loaded = SconeModelIO.load(dir, Device.cpu())) {
            assertThat(loaded.hasFgramEncoder()).isFalse();
            assertThat(
                            TinyModels.maxAbsDifference(
                                    before, TinyModels.logitsOf(loaded, List.of(input))))
                    .isZero();
            int[][] matches = {input.matchLengths()};
            assertThatThrownBy(
                            () ->
                                    TinyModels.logitsWithFgramEncoder(
                                            loaded, new int[][] {tokens}, matches))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without its f-gram model");
        }
    }

    @Test
    void bf16WeightsStayCloseToTheOriginal() throws IOException {
        SconeModelIO.save(dir, model, card, TensorDType.BF16, true);
        int[][] tokens = sampleTokens();
        float[] before = TinyModels.logitsWithFgramEncoder(model, tokens, null);
        try (SconeModel loaded = SconeModelIO.load(dir, Device.cpu())) {
            float[] after = TinyModels.logitsWithFgramEncoder(loaded, tokens, null);
            assertThat(TinyModels.maxAbsDifference(before, after))
                    .isLessThan(TinyModels.maxAbs(before) * 0.05f);
        }
    }

    @Test
    void missingOrMismatchedFilesAreReportedClearly() throws IOException {
        assertThatThrownBy(() -> SconeModelIO.load(dir.resolve("absent")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a model directory");
        SconeModelIO.save(dir, model, card);
        SconeConfig wider =
                new SconeConfig(
                        model.config().vocabSize(),
                        64,
                        2,
                        4,
                        TinyModels.CONTEXT,
                        5,
                        1,
                        2,
                        4,
                        0f,
                        7L);
        Files.writeString(
                dir.resolve(SconeModelIO.CARD_FILE),
                ModelCard.of(wider, "tiny-test-1", ModelCard.GPT2_TOKENIZER, "abc123", 42)
                        .toJson());
        assertThatThrownBy(() -> SconeModelIO.load(dir, Device.cpu()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has shape");
        assertThatThrownBy(
                        () ->
                                SconeModelIO.save(
                                        dir, model, ModelCard.of(wider, "v", "r50k_base", "", 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
