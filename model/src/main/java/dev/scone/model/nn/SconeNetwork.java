package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole network as one DJL block: token embedding T, the optional f-gram model A_F, the decoder
 * stack and the output projection. Its DJL forward maps {@code inputs_embeds} (batch, tokens, d) to
 * logits (batch, tokens, vocabulary); {@link SconeModel} builds those inputs.
 *
 * <p>The output projection {@code lm_head} of a model trained here is separate from T, not tied: T
 * is also read (and trained) through A_F, and keeping the two apart lets either change without
 * pulling the other. A GPT-2 checkpoint ties them ({@link SconeConfig#tiedOutputEmbedding()}): the
 * logits are then the hidden states times T transposed, and there is no {@code lm_head} tensor.
 */
final class SconeNetwork extends NamedBlock {

    private static final float INIT_STD = 0.02f;

    private final SconeConfig config;
    private final Parameter tokenEmbedding;
    private final FgramEncoder fgramEncoder;
    private final TransformerStack decoder;
    private final Linear outputProjection;

    SconeNetwork(SconeConfig config, boolean withFgramEncoder) {
        this.config = config;
        this.tokenEmbedding =
                addParameter(
                        Parameter.builder()
                                .setName("tok_emb")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(config.vocabSize(), config.d()))
                                .build());
        this.fgramEncoder =
                withFgramEncoder && config.hasFgramEncoder()
                        ? addChildBlock("fgram", new FgramEncoder(config))
                        : null;
        this.decoder = addChildBlock("decoder", TransformerStack.decoder(config));
        this.outputProjection =
                config.tiedOutputEmbedding()
                        ? null
                        : addChildBlock(
                                "lm_head",
                                Linear.builder()
                                        .setUnits(config.vocabSize())
                                        .optBias(false)
                                        .build());
        setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        // GPT-2's depth scaling: each residual write starts smaller the more writes are summed.
        scaleResidualInit(decoder.residualProjections(), config.layers());
        if (fgramEncoder != null && config.readsFgramsThroughNorm()) {
            scaleResidualInit(fgramEncoder.residualProjections(), config.fgramLayers());
        } else if (fgramEncoder != null) {
            // The residual readout starts as the baseline: with nothing written into A_F's
            // residual stream and no position added, an f-gram's embedding is T of its last token,
            // so every position reads what the baseline reads until training finds better.
            for (Linear projection : fgramEncoder.residualProjections()) {
                projection.getDirectParameters().get("weight").setInitializer(Initializer.ZEROS);
            }
            fgramEncoder.positionEmbedding().setInitializer(Initializer.ZEROS);
        }
    }

    private static void scaleResidualInit(List<Linear> projections, int layerCount) {
        NormalInitializer scaled =
                new NormalInitializer((float) (INIT_STD / Math.sqrt(2.0 * layerCount)));
        for (Linear projection : projections) {
            projection.getDirectParameters().get("weight").setInitializer(scaled);
        }
    }

    SconeConfig config() {
        return config;
    }

    boolean hasFgramEncoder() {
        return fgramEncoder != null;
    }

    int decoderLayers() {
        return decoder.layerCount();
    }

    /** Rows of T for {@code ids} (any shape of int64 ids); result has a trailing d axis. */
    NDArray embedTokens(ParameterStore parameterStore, NDArray ids, boolean training) {
        NDArray table = parameterStore.getValue(tokenEmbedding, ids.getDevice(), training);
        return ids.getNDArrayInternal()
                .embedding(ids, table, SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /** A_F over f-grams given as padded token ids (count, longest) with their real lengths. */
    NDArray encodeFgrams(
            ParameterStore parameterStore, NDArray paddedIds, int[] lengths, boolean training) {
        if (fgramEncoder == null) {
            throw new IllegalStateException(
                    "This model has no f-gram model A_F, so it cannot embed f-grams itself.");
        }
        NDArray embedded = embedTokens(parameterStore, paddedIds, training);
        return fgramEncoder.encode(parameterStore, embedded, lengths, training);
    }

    /** Logits (batch, tokens, vocabulary) for input vectors, optionally continuing a cache. */
    NDArray decode(
            ParameterStore parameterStore, NDArray inputsEmbeds, KvCache cache, boolean training) {
        return project(
                parameterStore, hidden(parameterStore, inputsEmbeds, cache, training), training);
    }

    /** The decoder's final hidden states (batch, tokens, d), before the output projection. */
    NDArray hidden(
            ParameterStore parameterStore, NDArray inputsEmbeds, KvCache cache, boolean training) {
        return decoder.forward(parameterStore, inputsEmbeds, cache, training);
    }

    /** Logits over the vocabulary for hidden states (..., d). */
    NDArray project(ParameterStore parameterStore, NDArray hidden, boolean training) {
        if (outputProjection == null) {
            // Tied: the same linear kernel a separate lm_head would run, over T's rows.
            NDArray table = parameterStore.getValue(tokenEmbedding, hidden.getDevice(), training);
            return hidden.getNDArrayInternal().linear(hidden, table, null).singletonOrThrow();
        }
        return outputProjection
                .forward(parameterStore, new NDList(hidden), training)
                .singletonOrThrow();
    }

    @Override
    NDArray forward(ParameterStore parameterStore, NDArray inputsEmbeds, boolean training) {
        return decode(parameterStore, inputsEmbeds, null, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), input.get(1), config.vocabSize())};
    }

    /** Every child reads d-wide vectors, whatever the batch and length of the input. */
    @Override
    Shape childInputShape(Shape input) {
        return new Shape(1, 1, config.d());
    }

    /** Every parameter under its documented name, in a stable order. */
    Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collectTensors("", named);
        return named;
    }

    @Override
    public void collectTensors(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "tok_emb.weight", tokenEmbedding);
        decoder.collectTensors(prefix, out);
        if (outputProjection != null) {
            NamedTensors.collectLinear(outputProjection, prefix + "lm_head.", out);
        }
        if (fgramEncoder != null) {
            fgramEncoder.collectTensors(prefix + "fgram.", out);
        }
    }
}
