package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A block inside a transformer layer stack: it attends causally over its input and, when given a
 * {@link KvCache}, over the cached tokens before it. Its plain DJL forward is the uncached case.
 */
abstract class CausalBlock extends NamedBlock {

    /**
     * Runs over {@code x} (batch, tokens, width), continuing {@code cache} when one is given.
     *
     * @param mask from {@link CausalSelfAttention#causalMask}, or null when {@code x} holds a
     *     single token
     */
    abstract NDArray forward(
            ParameterStore store, NDArray x, NDArray mask, KvCache cache, boolean training);

    @Override
    final NDArray forward(ParameterStore store, NDArray x, boolean training) {
        NDArray mask = CausalSelfAttention.causalMask(x.getManager(), (int) x.getShape().get(1), 0);
        return forward(store, x, mask, null, training);
    }
}
