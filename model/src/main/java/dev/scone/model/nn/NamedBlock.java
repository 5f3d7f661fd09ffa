package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * The DJL plumbing every block of the network shares: one input array in, one out; the output
 * shaped like the input unless a block says otherwise; and every child block initialised in the
 * order it was added, with the same input shape. The order matters: the weights are drawn from one
 * seeded generator, so it decides which values each parameter gets.
 */
abstract class NamedBlock extends AbstractBlock implements NamedTensors {

    /** The block's DJL forward over its single input, (batch, tokens, width) for most blocks. */
    abstract NDArray forward(ParameterStore parameterStore, NDArray input, boolean training);

    /** The input shape each child block is initialised with; the block's own input by default. */
    Shape childInputShape(Shape input) {
        return input;
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(parameterStore, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected final void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape childInput = childInputShape(inputShapes[0]);
        for (Pair<String, Block> child : getChildren()) {
            child.getValue().initialize(manager, dataType, childInput);
        }
    }
}
