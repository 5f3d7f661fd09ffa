package dev.scone.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.scone.model.evaluation.ServedModel;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SafetensorsReader;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.ScoreBatch;
import dev.scone.model.nn.Scorer;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.nn.TensorDType;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gpt2ImporterTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir Path dir;

    private static int[] tokens(long seed, int length) {
        Random random = new Random(seed);
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            // Spread over the whole vocabulary, the last ids included.
            tokens[i] = i % 7 == 3 ? TinyGpt2Checkpoint.VOCAB - 1 - i : random.nextInt(50257);
        }
        return tokens;
    }

    private Path importInto(Path checkpoint, String out, TensorDType dtype) throws IOException {
        Path model = dir.resolve(out);
        Gpt2Importer.importCheckpoint(checkpoint, model, out, dtype, ProgressReporter.silent());
        return model;
    }

    private static float[] scoredLogProbs(Path model, int[] tokens) throws IOException {
        try (SconeModel loaded = SconeModelIO.load(model, Device.cpu());
                Scorer scorer = new Scorer(loaded)) {
            return scorer.score(List.of(SequenceInput.tokensOnly(tokens))).tokenLogProbs()[0];
        }
    }

    /** The largest per-token difference between the imported model and the reference. */
    private static double maxDifference(float[] imported, double[] reference) {
        assertThat(imported).hasSize(reference.length);
        double max = 0;
        for (int i = 0; i < reference.length; i++) {
            max = Math.max(max, Math.abs(imported[i] - reference[i]));
        }
        return max;
    }

    private static Gpt2Reference reference(Path checkpoint, boolean tanhGelu) throws IOException {
        return new Gpt2Reference(
                checkpoint, TinyGpt2Checkpoint.LAYERS, TinyGpt2Checkpoint.HEADS, 1e-5, tanhGelu);
    }

    @Test
    void anImportedCheckpointAgreesWithAnIndependentForwardPassOverTheWholeContext()
            throws IOException {
        Path checkpoint = new TinyGpt2Checkpoint().writeTo(dir.resolve("hf"));
        Path model = importInto(checkpoint, "tiny-gpt2", null);

        ModelCard card = SconeModelIO.readCard(model);
        SconeConfig config = card.config();
        assertThat(config.activation()).isEqualTo(SconeConfig.GELU_NEW);
        assertThat(config.tiedOutputEmbedding()).isTrue();
        assertThat(config.contextLength()).isEqualTo(64);
        assertThat(config.hasFgramEncoder()).isFalse();
        assertThat(card.fgramCount()).isZero();
        assertThat(card.modelVersion()).startsWith("tiny-gpt2-");
        assertThat(Files.exists(model.resolve(SconeModelIO.VOCABULARY_FILE))).isFalse();
        try (SafetensorsReader reader =
                SafetensorsReader.open(model.resolve(SconeModelIO.WEIGHTS_FILE))) {
            assertThat(reader.tensors()).doesNotContainKey("lm_head.weight");
            assertThat(reader.tensors().get("blocks.1.attn.qkv.weight").shape())
                    .containsExactly(96, 32);
            assertThat(reader.tensors().get("blocks.0.mlp.proj.weight").shape())
                    .containsExactly(32, 128);
            assertThat(reader.tensors().get("tok_emb.weight").dtype()).isEqualTo(TensorDType.F32);
        }

        int[] tokens = tokens(1, 64);
        double[] expected = reference(checkpoint, true).nextTokenLogProbs(tokens);
        assertThat(maxDifference(scoredLogProbs(model, tokens), expected)).isLessThan(TOLERANCE);
    }

    @Test
    void theImportedDirectoryServesThroughTheModelRepository() throws IOException {
        Path checkpoint = new TinyGpt2Checkpoint().writeTo(dir.resolve("hf"));
        Path model = importInto(checkpoint, "served", null);
        ModelRepository repository =
                new ModelRepository(dir.resolve("pretrained"), dir.resolve("tables"));
        int[] tokens = tokens(2, 20);
        try (ServedModel served =
                        ServedModel.open(
                                repository, model.toString(), null, ProgressReporter.silent());
                Scorer scorer = new Scorer(served.model())) {
            assertThat(served.hasTable()).isFalse();
            ScoreBatch scored = scorer.score(List.of(served.inputs(tokens)));
            double[] expected = reference(checkpoint, true).nextTokenLogProbs(tokens);
            assertThat(maxDifference(scored.tokenLogProbs()[0], expected)).isLessThan(TOLERANCE);
        }
    }

    @Test
    void tensorNamesWithoutThePrefixAndWithoutMaskBuffersImportTheSame() throws IOException {
        TinyGpt2Checkpoint bare = new TinyGpt2Checkpoint();
        bare.prefix = false;
        bare.maskBuffers = false;
        Path prefixed =
                importInto(new TinyGpt2Checkpoint().writeTo(dir.resolve("hf-a")), "a", null);
        Path unprefixed = importInto(bare.writeTo(dir.resolve("hf-b")), "b", null);
        assertThat(Files.readAllBytes(unprefixed.resolve(SconeModelIO.WEIGHTS_FILE)))
                .isEqualTo(Files.readAllBytes(prefixed.resolve(SconeModelIO.WEIGHTS_FILE)));
    }

    @Test
    void anLmHeadEqualToWteIsTheTieAndOneOfItsOwnIsKept() throws IOException {
        TinyGpt2Checkpoint tiedCopy = new TinyGpt2Checkpoint();
        tiedCopy.lmHead = "tied";
        Path tied = importInto(tiedCopy.writeTo(dir.resolve("hf-tied")), "tied", null);
        assertThat(SconeModelIO.readCard(tied).config().tiedOutputEmbedding()).isTrue();

        TinyGpt2Checkpoint own = new TinyGpt2Checkpoint();
        own.lmHead = "own";
        Path checkpoint = own.writeTo(dir.resolve("hf-own"));
        Path untied = importInto(checkpoint, "own", null);
        assertThat(SconeModelIO.readCard(untied).config().tiedOutputEmbedding()).isFalse();
        int[] tokens = tokens(3, 24);
        double[] expected = reference(checkpoint, true).nextTokenLogProbs(tokens);
        assertThat(maxDifference(scoredLogProbs(untied, tokens), expected)).isLessThan(TOLERANCE);
    }

    @Test
    void halfPrecisionCheckpointsKeepTheirPrecisionUnlessTold() throws IOException {
        for (TensorDType dtype : List.of(TensorDType.F16, TensorDType.BF16)) {
            TinyGpt2Checkpoint half = new TinyGpt2Checkpoint();
            half.dtype = dtype;
            Path checkpoint = half.writeTo(dir.resolve("hf-" + dtype));
            Path kept = importInto(checkpoint, "kept-" + dtype, null);
            Path widened = importInto(checkpoint, "wide-" + dtype, TensorDType.F32);
            try (SafetensorsReader reader =
                    SafetensorsReader.open(kept.resolve(SconeModelIO.WEIGHTS_FILE))) {
                assertThat(reader.tensors().get("blocks.0.mlp.fc.weight").dtype()).isEqualTo(dtype);
            }
            // The reference reads the same rounded weights, so the agreement stays as tight.
            int[] tokens = tokens(4, 32);
            double[] expected = reference(checkpoint, true).nextTokenLogProbs(tokens);
            assertThat(maxDifference(scoredLogProbs(kept, tokens), expected))
                    .as("%s kept", dtype)
                    .isLessThan(TOLERANCE);
            assertThat(maxDifference(scoredLogProbs(widened, tokens), expected))
                    .as("%s as F32", dtype)
                    .isLessThan(TOLERANCE);
        }
    }

    @Test
    void anExactGeluAndItsOwnFeedForwardWidthAndEpsilonAreHonoured() throws IOException {
        TinyGpt2Checkpoint variant = new TinyGpt2Checkpoint();
        variant.activation = "gelu";
        variant.nInner = 48;
        variant.layerNormEpsilon = 1e-3;
        Path checkpoint = variant.writeTo(dir.resolve("hf"));
        Path model = importInto(checkpoint, "variant", TensorDType.BF16);
        SconeConfig config = SconeModelIO.readCard(model).config();
        assertThat(config.activation()).isEqualTo(SconeConfig.GELU);
        assertThat(config.ffnHidden()).isEqualTo(48);
        assertThat(config.layerNormEpsilon()).isEqualTo(1e-3f);
        int[] tokens = tokens(5, 16);
        double[] expected =
                new Gpt2Reference(checkpoint, 2, 2, 1e-3, false).nextTokenLogProbs(tokens);
        float[] imported = scoredLogProbs(model, tokens);
        // Written in BF16 from F32: close, not exact.
        assertThat(maxDifference(imported, expected)).isLessThan(0.05);
        try (SafetensorsReader reader =
                SafetensorsReader.open(model.resolve(SconeModelIO.WEIGHTS_FILE))) {
            assertThat(reader.tensors().get("ln_f.bias").dtype()).isEqualTo(TensorDType.BF16);
        }
    }

    @Test
    void aModelOtherThanGpt2IsRefused() throws IOException {
        TinyGpt2Checkpoint neo = new TinyGpt2Checkpoint();
        neo.editConfig = config -> config.put("model_type", "gpt_neo");
        Path checkpoint = neo.writeTo(dir.resolve("neo"));
        assertThatThrownBy(() -> importInto(checkpoint, "x", null))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageEndingWith("describes a gpt_neo model, not GPT-2 (model_type gpt2).");
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
    }

    @Test
    void anUnknownActivationIsRefused() throws IOException {
        TinyGpt2Checkpoint relu = new TinyGpt2Checkpoint();
        relu.activation = "relu";
        Path checkpoint = relu.writeTo(dir.resolve("relu"));
        assertThatThrownBy(() -> importInto(checkpoint, "x", null))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("uses the activation relu; only gelu_new");
    }

    @Test
    void aVocabularyOtherThanGpt2sIsRefused() throws IOException {
        TinyGpt2Checkpoint padded = new TinyGpt2Checkpoint();
        padded.editConfig = config -> config.put("vocab_size", 50304);
        Path checkpoint = padded.writeTo(dir.resolve("padded"));
        assertThatThrownBy(() -> importInto(checkpoint, "x", null))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageContaining("has a vocabulary of 50304 tokens, not GPT-2's 50257");
    }

    @Test
    void aMissingTensorIsNamedWithTheShapeItNeeds() throws IOException {
        TinyGpt2Checkpoint missing = new TinyGpt2Checkpoint();
        missing.editValues = values -> values.remove("transformer.h.1.mlp.c_fc.bias");
        Path checkpoint = missing.writeTo(dir.resolve("missing"));
        assertThatThrownBy(() -> importInto(checkpoint, "x", null))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageEndingWith(
                        "lacks tensor h.1.mlp.c_fc.bias [128] that the configuration needs.");
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
    }

    @Test
    void aMisShapedTensorIsNamedWithBothShapes() throws IOException {
        // Stored out x in, as a linear layer would, instead of Conv1D's in x out.
        TinyGpt2Checkpoint transposed = new TinyGpt2Checkpoint();
        transposed.shapeOverrides.put("transformer.h.0.attn.c_attn.weight", new long[] {96, 32});
        Path checkpoint = transposed.writeTo(dir.resolve("transposed"));
        assertThatThrownBy(() -> importInto(checkpoint, "x", null))
                .isInstanceOf(InvalidCheckpointException.class)
                .hasMessageEndingWith(
                        "tensor transformer.h.0.attn.c_attn.weight has shape [96, 32] but the"
                                + " configuration needs [32, 96].");
    }

    @Test
    void aNonEmptyOutputDirectoryIsLeftAlone() throws IOException {
        Path checkpoint = new TinyGpt2Checkpoint().writeTo(dir.resolve("hf"));
        Path out = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> importInto(checkpoint, "busy", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds files");
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    }
}
