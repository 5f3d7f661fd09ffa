package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The f-gram model A_F: a causal transformer with its own learned positions (at most K) that reads
 * an f-gram's tokens, already embedded with the main model's T, and returns the hidden state at the
 * f-gram's last token as the f-gram's embedding. F-grams of different lengths are padded on the
 * right; causal attention keeps the padding from reaching any real position.
 *
 * <p>With the {@code norm} readout that hidden state passes A_F's final LayerNorm; with {@code
 * residual} it is the residual stream itself, T of the last token plus what A_F's layers add (see
 * {@link SconeConfig#fgramReadout()}).
 *
 * <p>Tensors: those of a {@link TransformerStack}, named under {@code fgram.} by the model.
 */
final class FgramEncoder extends NamedBlock {

    private final TransformerStack stack;

    FgramEncoder(SconeConfig config) {
        this.stack = addChildBlock("stack", TransformerStack.fgramModel(config));
    }

    List<Linear> residualProjections() {
        return stack.residualProjections();
    }

    Parameter positionEmbedding() {
        return stack.positionEmbedding();
    }

    @Override
    NDArray forward(ParameterStore parameterStore, NDArray embedded, boolean training) {
        int count = (int) embedded.getShape().get(0);
        int padded = (int) embedded.getShape().get(1);
        int[] lengths = new int[count];
        Arrays.fill(lengths, padded);
        return encode(parameterStore, embedded, lengths, training);
    }

    /**
     * Embeds f-grams.
     *
     * @param embedded the f-grams' tokens embedded with T, (count, longest length, d), padded on
     *     the right
     * @param lengths each f-gram's real length
     * @return one embedding per f-gram, (count, d)
     */
    NDArray encode(
            ParameterStore parameterStore, NDArray embedded, int[] lengths, boolean training) {
        long count = embedded.getShape().get(0);
        long padded = embedded.getShape().get(1);
        long width = embedded.getShape().get(2);
        NDArray hidden = stack.forward(parameterStore, embedded, null, training);
        long[] lastPositions = new long[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            lastPositions[i] = i * padded + lengths[i] - 1;
        }
        NDArray rows = embedded.getManager().create(lastPositions);
        return rows.getNDArrayInternal()
                .embedding(rows, hidden.reshape(count * padded, width), SparseFormat.DENSE)
                .singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(2))};
    }

    @Override
    public void collectTensors(String prefix, Map<String, Parameter> out) {
        stack.collectTensors(prefix, out);
    }
}
