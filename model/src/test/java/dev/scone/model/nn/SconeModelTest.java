package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class SconeModelTest extends TinyModelTest {

    private static float[] tokenRow(int token) {
        return model.namedParameters().get("tok_emb.weight").getArray().get(token).toFloatArray();
    }

    private static float[][] rowsOf(float[] flat, int rows) {
        int width = flat.length / rows;
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return out;
    }

    @Test
    void pytorchEngineLoadsWithoutDownloading() {
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
        assertThat(Boolean.getBoolean(Engines.OFFLINE_PROPERTY)).isTrue();
        assertThat(model.device()).isEqualTo(SconeModel.preferredDevice());
    }

    @Test
    void theConfiguredSeedFixesTheInitialWeights() {
        try (SconeModel again = TinyModels.model(1);
                SconeModel reseeded =
                        SconeModel.create(TinyModels.config(1).withSeed(8), model.device())) {
            for (String name :
                    List.of("tok_emb.weight", "blocks.1.mlp.fc.weight", "fgram.pos_emb.weight")) {
                float[] original = model.namedParameters().get(name).getArray().toFloatArray();
                float[] same = again.namedParameters().get(name).getArray().toFloatArray();
                float[] other = reseeded.namedParameters().get(name).getArray().toFloatArray();
                assertThat(TinyModels.maxAbsDifference(original, same)).isZero();
                assertThat(TinyModels.maxAbsDifference(original, other)).isPositive();
            }
        }
    }

    /** The input vectors of one sequence with these matched lengths, one row a position. */
    private float[][] embeddingRows(int[] tokens, int[] matches) {
        try (NDManager manager = model.newManager()) {
            float[] flat =
                    model.inputEmbeddings(
                                    manager, new int[][] {tokens}, new int[][] {matches}, false)
                            .toFloatArray();
            return rowsOf(flat, tokens.length);
        }
    }

    @Test
    void unmatchedPositionsUseTheTokenEmbeddingExactly() {
        int[] tokens = {11, 12, 13, 14, 15};
        int[] matches = {0, 2, 0, 3, 0};
        float[][] rows = embeddingRows(tokens, matches);
        for (int i : new int[] {0, 2, 4}) {
            assertThat(rows[i]).containsExactly(tokenRow(tokens[i]));
        }
    }

    @Test
    void matchedPositionReadsTheFgramEmbeddingInsteadOfTheToken() {
        int[] tokens = {21, 22, 23, 24};
        int[] matches = {0, 0, 3, 0};
        float[] matched = embeddingRows(tokens, matches)[2];
        float[] fgram = model.fgramEmbeddings(new int[][] {{21, 22, 23}})[0];
        float[] token = tokenRow(23);
        assertThat(matched).containsExactly(fgram, within(1e-5f));
        float[] sum = new float[fgram.length];
        for (int k = 0; k < sum.length; k++) {
            sum[k] = fgram[k] + token[k];
        }
        assertThat(TinyModels.maxAbsDifference(matched, sum)).isGreaterThan(1e-3f);
    }

    @Test
    void theSameFgramGetsTheSameVectorWherever() {
        int[][] tokens = {{5, 6, 7, 8}, {9, 6, 7}};
        int[][] matches = {{0, 0, 2, 0}, {0, 0, 2}};
        float[][] rows;
        try (NDManager manager = model.newManager()) {
            rows = rowsOf(model.inputEmbeddings(manager, tokens, matches, false).toFloatArray(), 8);
        }
        assertThat(rows[6]).containsExactly(rows[2], within(1e-6f));
    }

    /** Asserts that embedding one sequence with these matched lengths is refused. */
    private AbstractThrowableAssert<?, ? extends Throwable> assertEmbeddingFails(
            NDManager manager, int[] tokens, int[] matches) {
        return assertThatThrownBy(
                () ->
                        model.inputEmbeddings(
                                manager, new int[][] {tokens}, new int[][] {matches}, false));
    }

    @Test
    void positionZeroCannotMatchAndLengthsMustFitBeforeThePosition() {
        try (NDManager manager = model.newManager()) {
            assertEmbeddingFails(manager, new int[] {1, 2, 3}, new int[] {2, 0, 0})
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("position 0");
            assertEmbeddingFails(manager, new int[] {1, 2, 3}, new int[] {0, 3, 0})
                    .hasMessageContaining("position 1");
            assertEmbeddingFails(
                            manager,
                            new int[] {1, 2, 3, 4, 5, 6, 7},
                            new int[] {0, 0, 0, 0, 0, 0, 6})
                    .hasMessageContaining("from 2 to 5");
            NDArray bigramAtOne =
                    model.inputEmbeddings(
                            manager, new int[][] {{1, 2}}, new int[][] {{0, 2}}, false);
            assertThat(bigramAtOne.getShape().getShape()).containsExactly(1, 2, 32);
        }
    }

    @Test
    void gradientReachesTokenEmbeddingThroughTheFgramModel() {
        // Token 4242 appears only inside f-grams, at positions whose input is replaced, and T is
        // not tied to the output projection: any gradient on its row came through A_F.
        int hidden = 4242;
        int unused = 4243;
        int[][] tokens = {{100, hidden, 101, 102}};
        int[][] matches = {{0, 2, 3, 0}};
        NDArray tokenEmbedding = model.namedParameters().get("tok_emb.weight").getArray();
        try (NDManager manager = model.newManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(model.loss(manager, tokens, matches, true));
            }
            try (NDArray gradient = tokenEmbedding.getGradient()) {
                float hiddenNorm = gradient.get(hidden).abs().sum().getFloat();
                float unusedNorm = gradient.get(unused).abs().sum().getFloat();
                float directNorm = gradient.get(100).abs().sum().getFloat();
                assertThat(hiddenNorm).isGreaterThan(0f);
                assertThat(unusedNorm).isZero();
                assertThat(directNorm).isGreaterThan(0f);
                gradient.subi(gradient);
            }
            for (var parameter : model.namedParameters().values()) {
                try (NDArray gradient = parameter.getArray().getGradient()) {
                    gradient.subi(gradient);
                }
            }
        }
    }

    @Test
    void precomputedTablePathMatchesTheFgramModelPath() {
        Random random = new Random(3);
        int[][] tokens = {
            TinyModels.randomTokens(random, 20, 12), TinyModels.randomTokens(random, 14, 12)
        };
        TinyModels.EvenFgramLookup exact = new TinyModels.EvenFgramLookup(model, false);
        TinyModels.EvenFgramLookup bf16 = new TinyModels.EvenFgramLookup(model, true);
        int[][] matches = {exact.matchLengths(tokens[0]), exact.matchLengths(tokens[1])};
        assertThat(matches[0]).contains(2, 3);

        float[] viaFgramModel = TinyModels.logitsWithFgramEncoder(model, tokens, matches);
        float[] viaExactTable =
                TinyModels.logitsOf(
                        model,
                        List.of(
                                SequenceInput.lookup(tokens[0], exact),
                                SequenceInput.lookup(tokens[1], exact)));
        float[] viaBf16Table =
                TinyModels.logitsOf(
                        model,
                        List.of(
                                SequenceInput.lookup(tokens[0], bf16),
                                SequenceInput.lookup(tokens[1], bf16)));

        assertThat(TinyModels.maxAbsDifference(viaFgramModel, viaExactTable)).isLessThan(1e-5f);
        // bf16 keeps 8 significant bits (relative error 2^-9); allow a few of those on the logits.
        float scale = TinyModels.maxAbs(viaFgramModel);
        assertThat(TinyModels.maxAbsDifference(viaFgramModel, viaBf16Table))
                .isLessThan(scale * 0.02f);
    }

    @Test
    void djlBlockForwardTakesInputVectors() {
        int[][] tokens = {{1, 2, 3, 4}};
        try (InferenceMode ignored = InferenceMode.enter();
                NDManager manager = model.newManager()) {
            NDArray embeds = model.inputEmbeddings(manager, tokens, null, false);
            NDArray viaBlock =
                    model.block()
                            .forward(model.parameterStore(), new NDList(embeds), false)
                            .singletonOrThrow();
            assertThat(viaBlock.getShape().getShape())
                    .containsExactly(1, 4, SconeConfig.GPT2_VOCAB_SIZE);
            float[] viaModel = model.logits(embeds, false).toFloatArray();
            assertThat(TinyModels.maxAbsDifference(viaBlock.toFloatArray(), viaModel)).isZero();
        }
    }

    @Test
    void paddingNeverChangesTheRealPositions() {
        int[] shortSequence = {7, 8, 9};
        int[] longSequence = {1, 2, 3, 4, 5, 6};
        float[] alone = TinyModels.logitsWithFgramEncoder(model, new int[][] {shortSequence}, null);
        float[] batched =
                TinyModels.logitsWithFgramEncoder(
                        model, new int[][] {shortSequence, longSequence}, null);
        float[] firstRows = Arrays.copyOf(batched, alone.length);
        assertThat(TinyModels.maxAbsDifference(alone, firstRows)).isLessThan(1e-5f);
    }

    @Test
    void rejectsTokensOutsideTheVocabularyAndTooLongSequences() {
        try (NDManager manager = model.newManager()) {
            assertThatThrownBy(
                            () ->
                                    model.inputEmbeddings(
                                            manager, new int[][] {{1, 60000}}, null, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside the vocabulary");
            assertThatThrownBy(
                            () ->
                                    model.inputEmbeddings(
                                            manager,
                                            new int[][] {new int[TinyModels.CONTEXT + 1]},
                                            null,
                                            false))
                    .hasMessageContaining("more than the model's context");
        }
    }

    @Test
    void baselineIgnoresMatchLengthsAndHasNoFgramModel() {
        try (SconeModel baseline = TinyModels.model(0)) {
            assertThat(baseline.hasFgramEncoder()).isFalse();
            assertThat(baseline.namedParameters().keySet()).noneMatch(n -> n.startsWith("fgram."));
            int[][] tokens = {{2, 4, 6, 8}};
            float[] withMatches =
                    TinyModels.logitsWithFgramEncoder(baseline, tokens, new int[][] {{0, 2, 3, 4}});
            float[] without = TinyModels.logitsWithFgramEncoder(baseline, tokens, null);
            assertThat(TinyModels.maxAbsDifference(withMatches, without)).isZero();
            assertThatThrownBy(() -> baseline.fgramEmbeddings(new int[][] {{1, 2}}))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aNewResidualReadoutStartsAsTheBaselineAndLearnsAwayFromIt() {
        SconeConfig residual = TinyModels.config(1).withFgramReadout(SconeConfig.READOUT_RESIDUAL);
        try (SconeModel fresh = SconeModel.create(residual, model.device())) {
            assertThat(fresh.namedParameters()).doesNotContainKey("fgram.ln_f.weight");
            assertThat(fresh.parameterCount() - residual.nonEmbeddingParameters())
                    .isEqualTo(residual.embeddingParameters() + residual.fgramEncoderParameters());
            float[] token =
                    fresh.namedParameters().get("tok_emb.weight").getArray().get(23).toFloatArray();
            // Before training, an f-gram's embedding is exactly T of its last token.
            float[][] fgrams = fresh.fgramEmbeddings(new int[][] {{21, 22, 23}, {9, 23}});
            assertThat(fgrams[0]).containsExactly(token);
            assertThat(fgrams[1]).containsExactly(token);
            NDArray tokenEmbedding = fresh.namedParameters().get("tok_emb.weight").getArray();
            try (NDManager manager = fresh.newManager()) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(
                            fresh.loss(
                                    manager,
                                    new int[][] {{20, 21, 22, 23, 24}},
                                    new int[][] {{0, 2, 3, 0, 2}},
                                    true));
                }
                // A_F's residual writes start at zero but are not stuck there: they get gradient.
                NDArray projection =
                        fresh.namedParameters().get("fgram.blocks.0.attn.proj.weight").getArray();
                assertThat(projection.abs().sum().getFloat()).isZero();
                try (NDArray gradient = projection.getGradient()) {
                    assertThat(gradient.abs().sum().getFloat()).isPositive();
                }
                try (NDArray gradient = tokenEmbedding.getGradient()) {
                    assertThat(gradient.get(22).abs().sum().getFloat()).isPositive();
                }
            }
        }
    }
}
