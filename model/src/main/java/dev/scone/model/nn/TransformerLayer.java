package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;

/**
 * One pre-LayerNorm transformer layer: {@code x + attn(ln1(x))}, then {@code h + mlp(ln2(h))} with
 * a GELU feed-forward network.
 *
 * <p>Tensors: {@code ln1.weight}, {@code ln1.bias}, {@code attn.*} (see {@link
 * CausalSelfAttention}), {@code ln2.weight}, {@code ln2.bias}, {@code mlp.fc.weight} (ratio·d x d),
 * {@code mlp.fc.bias}, {@code mlp.proj.weight} (d x ratio·d), {@code mlp.proj.bias}.
 */
final class TransformerLayer extends AbstractBlock implements NamedTensors {

    private final float dropout;
    private final LayerNorm ln1;
    private final CausalSelfAttention attention;
    private final LayerNorm ln2;
    private final Linear fc;
    private final Linear fcProjection;
    private final SequentialBlock mlp;

    TransformerLayer(int layerIndex, int width, int heads, int mlpRatio, float dropout) {
        this.dropout = dropout;
        this.ln1 = addChildBlock("ln1", layerNorm());
        this.attention =
                addChildBlock("attn", new CausalSelfAttention(layerIndex, width, heads, dropout));
        this.ln2 = addChildBlock("ln2", layerNorm());
        this.fc = Linear.builder().setUnits((long) mlpRatio * width).build();
        this.fcProjection = Linear.builder().setUnits(width).build();
        this.mlp =
                addChildBlock(
                        "mlp",
                        new SequentialBlock()
                                .add(fc)
                                .add(Activation.geluBlock())
                                .add(fcProjection));
    }

    static LayerNorm layerNorm() {
        return LayerNorm.builder().axis(2).build();
    }

    /** The two projections that write into the residual stream. */
    List<Linear> residualProjections() {
        return List.of(attention.outputProjection(), fcProjection);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray mask = CausalSelfAttention.causalMask(x.getManager(), (int) x.getShape().get(1), 0);
        return new NDList(forward(parameterStore, x, mask, null, training));
    }

    NDArray forward(
            ParameterStore parameterStore,
            NDArray x,
            NDArray mask,
            KvCache cache,
            boolean training) {
        NDArray normed = ln1.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        NDArray attended = attention.forward(parameterStore, normed, mask, cache, training);
        NDArray h = x.add(dropout(attended, training));
        NDArray normed2 = ln2.forward(parameterStore, new NDList(h), training).singletonOrThrow();
        NDArray mixed =
                mlp.forward(parameterStore, new NDList(normed2), training).singletonOrThrow();
        return h.add(dropout(mixed, training));
    }

    private NDArray dropout(NDArray x, boolean training) {
        if (!training || dropout <= 0) {
            return x;
        }
        return Dropout.dropout(x, dropout, true).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        ln1.initialize(manager, dataType, inputShapes[0]);
        attention.initialize(manager, dataType, inputShapes[0]);
        ln2.initialize(manager, dataType, inputShapes[0]);
        mlp.initialize(manager, dataType, inputShapes[0]);
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
