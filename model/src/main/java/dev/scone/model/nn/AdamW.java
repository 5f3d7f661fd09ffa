package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * AdamW as in PyTorch's {@code torch.optim.AdamW}: for step t with learning rate γ, weight decay λ
 * and gradient g,
 *
 * <pre>
 *   θ ← θ − γλθ                        (matrices only: LayerNorm gains and biases get no decay)
 *   m ← β₁m + (1 − β₁)g
 *   v ← β₂v + (1 − β₂)g²
 *   θ ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * <p>The moments m and v ({@code exp_avg}, {@code exp_avg_sq}) are kept per parameter name, so
 * {@link #save} and {@link #load} carry them across a resume and a resumed run takes exactly the
 * steps the uninterrupted one would have. DJL's own AdamW keeps them private, which is why this
 * class exists. The learning rate is given to each step, so the schedule stays with the caller.
 *
 * <p>The saved file is safetensors (F32) with tensors {@code <parameter>.exp_avg} and {@code
 * <parameter>.exp_avg_sq} and the step count t under the metadata key {@code step}.
 *
 * <p>Not thread-safe. The moments live in the manager given to the constructor, which {@link
 * #close()} closes.
 */
public final class AdamW implements AutoCloseable {

    public static final String EXP_AVG = ".exp_avg";
    public static final String EXP_AVG_SQ = ".exp_avg_sq";
    public static final String STEP_METADATA = "step";

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final NDManager manager;
    private final Map<String, Moments> moments = new LinkedHashMap<>();
    private int steps;

    private record Moments(NDArray weight, NDArray expAvg, NDArray expAvgSq, boolean decayed) {}

    /**
     * An optimiser at step 0, its moments zero.
     *
     * @param weights the arrays to train, by name; each must have a gradient attached
     * @param config beta1, beta2, epsilon and weightDecay are taken from it
     * @param manager holds the moments (on the weights' device); closed with this optimiser
     */
    public AdamW(Map<String, NDArray> weights, TrainingConfig config, NDManager manager) {
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
        this.weightDecay = config.weightDecay();
        this.manager = manager;
        for (Map.Entry<String, NDArray> named : weights.entrySet()) {
            NDArray weight = named.getValue();
            NDArray expAvg = manager.zeros(weight.getShape(), DataType.FLOAT32);
            NDArray expAvgSq = manager.zeros(weight.getShape(), DataType.FLOAT32);
            boolean decayed = weight.getShape().dimension() >= 2;
            moments.put(named.getKey(), new Moments(weight, expAvg, expAvgSq, decayed));
        }
    }

    /** Steps taken into the current moments (t of the bias correction). */
    public int steps() {
        return steps;
    }

    /**
     * Updates every weight in place from its gradient. The gradients serve as scratch space and are
     * left scaled by (1 - β1); zero them before the next backward pass, as the trainer does.
     *
     * @param learningRate γ for this step
     */
    public void step(float learningRate) {
        int t = steps + 1;
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        float stepSize = (float) (learningRate / biasCorrection1);
        float decayFactor = (float) (1 - (double) learningRate * weightDecay);
        try (InferenceMode ignored = InferenceMode.enter()) {
            for (Moments moment : moments.values()) {
                NDArray weight = moment.weight();
                // The gradient is spent after this step (the trainer zeroes it next), so it
                // serves as scratch space for (1 - beta1) g: three temporaries per tensor
                // instead of four, and the same operations in the same order as the textbook
                // update.
                try (NDArray gradient = weight.getGradient();
                        NDArray squaredGradient = gradient.square()) {
                    if (moment.decayed() && weightDecay != 0) {
                        weight.muli(decayFactor);
                    }
                    moment.expAvg().muli(beta1).addi(gradient.muli(1 - beta1));
                    squaredGradient.muli(1 - beta2);
                    moment.expAvgSq().muli(beta2).addi(squaredGradient);
                    try (NDArray denominator = moment.expAvgSq().sqrt()) {
                        denominator.divi((float) biasCorrection2Sqrt).addi(epsilon);
                        try (NDArray update = moment.expAvg().div(denominator)) {
                            weight.subi(update.muli(stepSize));
                        }
                    }
                }
            }
        }
        steps = t;
    }

    /**
     * Writes the moments and the step count to {@code file} (F32 safetensors), replacing it.
     *
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Moments> named : moments.entrySet()) {
            tensors.put(named.getKey() + EXP_AVG, named.getValue().expAvg());
            tensors.put(named.getKey() + EXP_AVG_SQ, named.getValue().expAvgSq());
        }
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, NDArray> tensor : tensors.entrySet()) {
            long[] shape = tensor.getValue().getShape().getShape();
            entries.add(new SafetensorsWriter.Entry(tensor.getKey(), shape));
        }
        SafetensorsWriter.write(
                file,
                entries,
                name -> tensors.get(name).toFloatArray(),
                TensorDType.F32,
                Map.of("format", "pt", STEP_METADATA, Integer.toString(steps)));
    }

    /**
     * Replaces the moments and the step count with those saved in {@code file}.
     *
     * @throws IOException if the file cannot be read or does not hold the moments of exactly this
     *     optimiser's parameters, naming what is wrong
     */
    public void load(Path file) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            int savedSteps = savedSteps(reader, file);
            Set<String> unexpected = new TreeSet<>(reader.tensors().keySet());
            for (String name : moments.keySet()) {
                unexpected.remove(name + EXP_AVG);
                unexpected.remove(name + EXP_AVG_SQ);
            }
            if (!unexpected.isEmpty()) {
                throw new IOException(
                        file
                                + " holds moments of tensors this model does not have: "
                                + unexpected
                                + ".");
            }
            for (Map.Entry<String, Moments> named : moments.entrySet()) {
                read(reader, named.getKey() + EXP_AVG, named.getValue().expAvg(), file);
                read(reader, named.getKey() + EXP_AVG_SQ, named.getValue().expAvgSq(), file);
            }
            steps = savedSteps;
        }
    }

    private static int savedSteps(SafetensorsReader reader, Path file) throws IOException {
        String text = reader.metadata().get(STEP_METADATA);
        try {
            int saved = Integer.parseInt(text == null ? "" : text.trim());
            if (saved >= 0) {
                return saved;
            }
        } catch (NumberFormatException e) {
            // Reported below together with a missing value.
        }
        throw new IOException(
                file + " is not an optimiser state: its metadata has no valid step count.");
    }

    private static void read(SafetensorsReader reader, String name, NDArray into, Path file)
            throws IOException {
        TensorInfo info = reader.tensors().get(name);
        if (info == null) {
            throw new IOException(file + " lacks tensor " + name + ".");
        }
        long[] expected = into.getShape().getShape();
        if (!Arrays.equals(expected, info.shape())) {
            throw new IOException(
                    file
                            + ": tensor "
                            + name
                            + " has shape "
                            + Arrays.toString(info.shape())
                            + " but the model needs "
                            + Arrays.toString(expected)
                            + ".");
        }
        into.set(FloatBuffer.wrap(reader.readFloats(name)));
    }

    @Override
    public void close() {
        manager.close();
    }
}
