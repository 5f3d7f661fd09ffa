package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdamWTest {

    private static final TrainingConfig CONFIG =
            new TrainingConfig(0.05f, 0.05f, 0, 3, 0.1f, 0.9f, 0.95f, 1e-8f, 0f, 1L);
    private static final float[] LEARNING_RATES = {0.05f, 0.03f, 0.02f};

    @TempDir Path dir;

    /** A matrix (decayed) and a vector (not decayed), both recording gradients. */
    private static Map<String, NDArray> weights(NDManager manager) {
        return weights(manager, new float[] {0.5f, -1.2f, 2.0f, 0.1f}, new float[] {0.3f, -0.7f});
    }

    private static Map<String, NDArray> weights(NDManager manager, float[] matrix, float[] vector) {
        Map<String, NDArray> weights = new LinkedHashMap<>();
        weights.put("w", manager.create(matrix, new Shape(2, 2)));
        weights.put("b", manager.create(vector));
        weights.values().forEach(weight -> weight.setRequiresGradient(true));
        return weights;
    }

    /** The gradient of step {@code t} (1-based) for element {@code i}: varied in sign and size. */
    private static float gradient(int t, int i, String name) {
        return (float) ((name.equals("w") ? 0.4 : -0.25) * Math.sin(1.7 * t + i) + 0.05 * t);
    }

    /** Sets every weight's gradient to {@link #gradient} by differentiating sum(weight * g). */
    private static void backward(Map<String, NDArray> weights, int t) {
        try (GradientCollector collector = Engines.get().newGradientCollector()) {
            NDArray loss = null;
            for (Map.Entry<String, NDArray> named : weights.entrySet()) {
                NDArray weight = named.getValue();
                float[] slope = new float[(int) weight.size()];
                for (int i = 0; i < slope.length; i++) {
                    slope[i] = gradient(t, i, named.getKey());
                }
                NDArray term =
                        weight.mul(weight.getManager().create(slope, weight.getShape())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
    }

    /** Gradients add up over backward passes, as in PyTorch, so each step starts from zero. */
    private static void zeroGradients(Map<String, NDArray> weights) {
        try (InferenceMode ignored = InferenceMode.enter()) {
            for (NDArray weight : weights.values()) {
                try (NDArray gradient = weight.getGradient()) {
                    gradient.subi(gradient);
                }
            }
        }
    }

    /** One optimiser step of the test's sequence: gradient {@code t}, then learning rate t. */
    private static void step(AdamW adamW, Map<String, NDArray> weights, int t) {
        backward(weights, t);
        adamW.step(LEARNING_RATES[t - 1]);
        zeroGradients(weights);
    }

    /** PyTorch's AdamW on one parameter, in doubles, from the formula. */
    private static double[] reference(float[] initial, String name, boolean decayed) {
        double beta1 = CONFIG.beta1();
        double beta2 = CONFIG.beta2();
        double epsilon = CONFIG.epsilon();
        double lambda = decayed ? CONFIG.weightDecay() : 0;
        double[] theta = new double[initial.length];
        double[] m = new double[initial.length];
        double[] v = new double[initial.length];
        for (int i = 0; i < initial.length; i++) {
            theta[i] = initial[i];
        }
        for (int t = 1; t <= LEARNING_RATES.length; t++) {
            double gamma = LEARNING_RATES[t - 1];
            for (int i = 0; i < theta.length; i++) {
                double g = gradient(t, i, name);
                theta[i] -= gamma * lambda * theta[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                theta[i] -= gamma * mHat / (Math.sqrt(vHat) + epsilon);
            }
        }
        return theta;
    }

    private static void assertMatches(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], within(2e-6));
        }
    }

    @Test
    void threeStepsMatchTheFormulaWithDecayOnMatricesOnly() {
        try (NDManager manager = Engines.get().newBaseManager(Device.cpu())) {
            Map<String, NDArray> weights = weights(manager);
            float[] initialMatrix = weights.get("w").toFloatArray();
            float[] initialVector = weights.get("b").toFloatArray();
            try (AdamW adamW = new AdamW(weights, CONFIG, manager.newSubManager())) {
                for (int t = 1; t <= LEARNING_RATES.length; t++) {
                    step(adamW, weights, t);
                }
                assertThat(adamW.steps()).isEqualTo(3);
            }
            assertMatches(weights.get("w").toFloatArray(), reference(initialMatrix, "w", true));
            assertMatches(weights.get("b").toFloatArray(), reference(initialVector, "b", false));
            double[] undecayed = reference(initialMatrix, "w", false);
            assertThat((double) weights.get("w").toFloatArray()[2])
                    .isNotCloseTo(undecayed[2], within(1e-4));
        }
    }

    @Test
    void savedMomentsContinueExactlyAndMismatchesAreNamed() throws IOException {
        Path file = dir.resolve("optimizer.safetensors");
        try (NDManager manager = Engines.get().newBaseManager(Device.cpu())) {
            Map<String, NDArray> straight = weights(manager);
            try (AdamW first = new AdamW(straight, CONFIG, manager.newSubManager())) {
                step(first, straight, 1);
                first.save(file);
                Map<String, NDArray> resumed =
                        weights(
                                manager,
                                straight.get("w").toFloatArray(),
                                straight.get("b").toFloatArray());
                try (AdamW second = new AdamW(resumed, CONFIG, manager.newSubManager())) {
                    second.load(file);
                    assertThat(second.steps()).isEqualTo(1);
                    for (int t = 2; t <= LEARNING_RATES.length; t++) {
                        step(first, straight, t);
                        step(second, resumed, t);
                    }
                    assertThat(resumed.get("w").toFloatArray())
                            .containsExactly(straight.get("w").toFloatArray());
                    assertThat(resumed.get("b").toFloatArray())
                            .containsExactly(straight.get("b").toFloatArray());
                }
            }

            Map<String, NDArray> other = new LinkedHashMap<>();
            other.put("w", manager.zeros(new Shape(2, 2)));
            other.put("c", manager.zeros(new Shape(3)));
            try (AdamW mismatched = new AdamW(other, CONFIG, manager.newSubManager())) {
                assertThatThrownBy(() -> mismatched.load(file))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("b.exp_avg");
            }
        }
    }
}
