package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;

/**
 * One pre-LayerNorm transformer layer: {@code x + attn(ln1(x))}, then {@code h + mlp(ln2(h))} with
 * a GELU feed-forward network (the exact GELU, or GPT-2's tanh approximation {@code gelu_new}).
 *
 * <p>Tensors, for a feed-forward width h ({@link SconeConfig#ffnHidden()}): {@code ln1.weight},
 * {@code ln1.bias}, {@code attn.*} (see {@link CausalSelfAttention}), {@code ln2.weight}, {@code
 * ln2.bias}, {@code mlp.fc.weight} (h x d), {@code mlp.fc.bias}, {@code mlp.proj.weight} (d x h),
 * {@code mlp.proj.bias}.
 */
final class TransformerLayer extends CausalBlock {

    private final float dropout;
    private final LayerNorm ln1;
    private final CausalSelfAttention attention;
    private final LayerNorm ln2;
    private final Linear fc;
    private final Linear fcProjection;
    private final SequentialBlock mlp;

    /** sqrt(2 / pi), the scale inside GPT-2's tanh approximation of GELU. */
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    TransformerLayer(int layerIndex, LayerSpec spec) {
        this.dropout = spec.dropout();
        this.ln1 = addChildBlock("ln1", layerNorm(spec.layerNormEpsilon()));
        this.attention =
                addChildBlock(
                        "attn",
                        new CausalSelfAttention(
                                layerIndex, spec.width(), spec.heads(), spec.dropout()));
        this.ln2 = addChildBlock("ln2", layerNorm(spec.layerNormEpsilon()));
        this.fc = Linear.builder().setUnits(spec.ffnWidth()).build();
        this.fcProjection = Linear.builder().setUnits(spec.width()).build();
        this.mlp =
                addChildBlock(
                        "mlp",
                        new SequentialBlock()
                                .add(fc)
                                .add(activation(spec.activation()))
                                .add(fcProjection));
    }

    static LayerNorm layerNorm(float epsilon) {
        return LayerNorm.builder().axis(2).optEpsilon(epsilon).build();
    }

    private static Block activation(String name) {
        if (name.equals(SconeConfig.GELU_NEW)) {
            return new LambdaBlock(
                    inputs -> new NDList(geluTanh(inputs.singletonOrThrow())), "gelu_new");
        }
        return Activation.geluBlock();
    }

    /** 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))), as GPT-2 computes GELU. */
    static NDArray geluTanh(NDArray x) {
        NDArray inner = x.pow(3).mul(0.044715f).add(x).mul(SQRT_2_OVER_PI);
        return inner.tanh().add(1f).mul(x).mul(0.5f);
    }

    /** The two projections that write into the residual stream. */
    List<Linear> residualProjections() {
        return List.of(attention.outputProjection(), fcProjection);
    }

    @Override
    NDArray forward(
            ParameterStore store, NDArray x, NDArray mask, KvCache cache, boolean training) {
        NDArray normed = ln1.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray attended = attention.forward(store, normed, mask, cache, training);
        NDArray h = x.add(dropout(attended, training));
        NDArray normed2 = ln2.forward(store, new NDList(h), training).singletonOrThrow();
        NDArray mixed = mlp.forward(store, new NDList(normed2), training).singletonOrThrow();
        return h.add(dropout(mixed, training));
    }

    private NDArray dropout(NDArray x, boolean training) {
        if (!training || dropout <= 0) {
            return x;
        }
        return Dropout.dropout(x, dropout, true).singletonOrThrow();
    }

    @Override
    public void collectTensors(String prefix, Map<String, Parameter> out) {
        NamedTensors.collectLayerNorm(ln1, prefix + "ln1.", out);
        attention.collectTensors(prefix + "attn.", out);
        NamedTensors.collectLayerNorm(ln2, prefix + "ln2.", out);
        NamedTensors.collectLinear(fc, prefix + "mlp.fc.", out);
        NamedTensors.collectLinear(fcProjection, prefix + "mlp.proj.", out);
    }
}
