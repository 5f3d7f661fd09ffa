package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Learned absolute positions, a stack of {@link TransformerLayer}s and a final LayerNorm: the body
 * shared by the main decoder and A_F. Reads input vectors, not token ids. An A_F with the {@code
 * residual} readout has no final LayerNorm: it returns its residual stream.
 *
 * <p>Tensors: {@code pos_emb.weight} (positions x d), {@code blocks.<i>.*} (see {@link
 * TransformerLayer}), {@code ln_f.weight}, {@code ln_f.bias} (when the stack has its final norm).
 */
final class TransformerStack extends NamedBlock {

    private final int positions;
    private final float dropout;
    private final Parameter positionEmbedding;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;

    TransformerStack(LayerSpec spec, int layerCount, int positions, boolean withFinalNorm) {
        int width = spec.width();
        this.positions = positions;
        this.dropout = spec.dropout();
        this.positionEmbedding =
                addParameter(
                        Parameter.builder()
                                .setName("pos_emb")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(positions, width))
                                .optInitializer(new NormalInitializer(0.02f))
                                .build());
        for (int i = 0; i < layerCount; i++) {
            layers.add(addChildBlock("block" + i, new TransformerLayer(i, spec)));
        }
        this.finalNorm =
                withFinalNorm
                        ? addChildBlock("ln_f", TransformerLayer.layerNorm(spec.layerNormEpsilon()))
                        : null;
    }

    /** The main decoder's stack: the model's layers and heads over its whole context. */
    static TransformerStack decoder(SconeConfig config) {
        return new TransformerStack(
                LayerSpec.of(config, config.heads()),
                config.layers(),
                config.contextLength(),
                true);
    }

    /** A_F's stack: its own layers and heads over at most K positions. */
    static TransformerStack fgramModel(SconeConfig config) {
        return new TransformerStack(
                LayerSpec.of(config, config.fgramHeads()),
                config.fgramLayers(),
                config.maxFgramLength(),
                config.readsFgramsThroughNorm());
    }

    /** Number of layers, which is also the number of KV cache entries a sequence needs. */
    int layerCount() {
        return layers.size();
    }

    /** Number of learned positions: the longest input this stack accepts. */
    int positions() {
        return positions;
    }

    /** The learned positions, whose initialisation the network chooses. */
    Parameter positionEmbedding() {
        return positionEmbedding;
    }

    /** The projections writing into the residual stream, for depth-scaled initialisation. */
    List<Linear> residualProjections() {
        List<Linear> projections = new ArrayList<>();
        for (TransformerLayer layer : layers) {
            projections.addAll(layer.residualProjections());
        }
        return projections;
    }

    @Override
    NDArray forward(ParameterStore parameterStore, NDArray embeds, boolean training) {
        return forward(parameterStore, embeds, null, training);
    }

    /**
     * Runs the stack over {@code embeds} (batch, tokens, width), which continue the sequence held
     * in {@code cache} when one is given (and the cache is extended).
     *
     * @return hidden states after the final LayerNorm (the residual stream itself in a stack
     *     without one), (batch, tokens, width)
     */
    NDArray forward(
            ParameterStore parameterStore, NDArray embeds, KvCache cache, boolean training) {
        int tokens = (int) embeds.getShape().get(1);
        int offset = cache == null ? 0 : cache.length();
        if (offset + tokens > positions) {
            throw new IllegalArgumentException(
                    "A sequence of "
                            + (offset + tokens)
                            + " positions is longer than the model's context of "
                            + positions
                            + ".");
        }
        NDManager manager = embeds.getManager();
        NDArray positionIds = manager.arange(offset, offset + tokens, 1, DataType.INT64);
        NDArray positionTable =
                parameterStore.getValue(positionEmbedding, embeds.getDevice(), training);
        NDArray positionVectors =
                positionIds
                        .getNDArrayInternal()
                        .embedding(positionIds, positionTable, SparseFormat.DENSE)
                        .singletonOrThrow();
        NDArray x = embeds.add(positionVectors);
        if (training && dropout > 0) {
            x = Dropout.dropout(x, dropout, true).singletonOrThrow();
        }
        NDArray mask = CausalSelfAttention.causalMask(manager, tokens, offset);
        for (TransformerLayer layer : layers) {
            x = layer.forward(parameterStore, x, mask, cache, training);
        }
        if (cache != null) {
            cache.advance(tokens);
        }
        if (finalNorm == null) {
            return x;
        }
        return finalNorm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public void collectTensors(String prefix, Map<String, Parameter> out) {
        out.put(prefix + "pos_emb.weight", positionEmbedding);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).collectTensors(prefix + "blocks." + i + ".", out);
        }
        if (finalNorm != null) {
            NamedTensors.collectLayerNorm(finalNorm, prefix + "ln_f.", out);
        }
    }
}
