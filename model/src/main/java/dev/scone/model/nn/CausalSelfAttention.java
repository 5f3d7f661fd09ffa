package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * Multi-head causal self-attention with one fused query/key/value projection. Position i attends to
 * positions 0..i only, so right padding never changes the outputs of real positions; with a {@link
 * KvCache} the new tokens also attend to every cached one.
 *
 * <p>Tensors: {@code qkv.weight} (3d x d; rows are the query, key and value projections in that
 * order), {@code qkv.bias}, {@code proj.weight} (d x d), {@code proj.bias}.
 */
final class CausalSelfAttention extends CausalBlock {

    /** Added to the scores of future positions; finite so that softmax can never produce NaN. */
    private static final float MASKED = -1e9f;

    private final int layerIndex;
    private final int width;
    private final int heads;
    private final float dropout;
    private final Linear qkv;
    private final Linear proj;

    CausalSelfAttention(int layerIndex, int width, int heads, float dropout) {
        this.layerIndex = layerIndex;
        this.width = width;
        this.heads = heads;
        this.dropout = dropout;
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * width).build());
        this.proj = addChildBlock("proj", Linear.builder().setUnits(width).build());
    }

    /** The output projection, whose initial scale shrinks with depth. */
    Linear outputProjection() {
        return proj;
    }

    /**
     * Attends over {@code x} (batch, tokens, width) and, when {@code cache} is given, over the
     * cached tokens before them; stores the extended keys and values in the cache.
     *
     * @param mask from {@link #causalMask}, or null when {@code x} holds a single token
     */
    @Override
    NDArray forward(
            ParameterStore store, NDArray x, NDArray mask, KvCache cache, boolean training) {
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        NDList parts = qkv.forward(store, new NDList(x), training).singletonOrThrow().split(3, 2);
        NDArray queries = splitHeads(parts.get(0), batch, tokens);
        NDArray keys = splitHeads(parts.get(1), batch, tokens);
        NDArray values = splitHeads(parts.get(2), batch, tokens);
        if (cache != null) {
            if (cache.length() > 0) {
                keys = cache.keys(layerIndex).concat(keys, 2);
                values = cache.values(layerIndex).concat(values, 2);
            }
            cache.put(layerIndex, keys, values);
        }
        float scale = (float) (1.0 / Math.sqrt((double) width / heads));
        NDArray scores = queries.matMul(keys.transpose(0, 1, 3, 2)).mul(scale);
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray attention = scores.softmax(-1);
        if (training && dropout > 0) {
            attention = Dropout.dropout(attention, dropout, true).singletonOrThrow();
        }
        NDArray mixed =
                attention.matMul(values).transpose(0, 2, 1, 3).reshape(batch, tokens, width);
        return proj.forward(store, new NDList(mixed), training).singletonOrThrow();
    }

    /** (batch, tokens, width) -> (batch, heads, tokens, width / heads). */
    private NDArray splitHeads(NDArray x, long batch, long tokens) {
        return x.reshape(batch, tokens, heads, width / heads).transpose(0, 2, 1, 3);
    }

    /**
     * Scores mask for {@code tokens} new queries after {@code past} cached keys, or null for a
     * single query, which may see every key.
     */
    static NDArray causalMask(NDManager manager, int tokens, int past) {
        if (tokens == 1) {
            return null;
        }
        int keys = past + tokens;
        float[] mask = new float[tokens * keys];
        for (int query = 0; query < tokens; query++) {
            for (int key = past + query + 1; key < keys; key++) {
                mask[query * keys + key] = MASKED;
            }
        }
        return manager.create(mask, new Shape(tokens, keys));
    }

    @Override
    public void collectTensors(String prefix, Map<String, Parameter> out) {
        NamedTensors.collectLinear(qkv, prefix + "qkv.", out);
        NamedTensors.collectLinear(proj, prefix + "proj.", out);
    }
}
