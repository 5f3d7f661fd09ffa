package dev.scone.model.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Tiny configurations and inputs shared by the model tests; small enough for two CPU cores. */
public final class TinyModels {

    static final int WIDTH = 32;
    static final int CONTEXT = 32;

    private TinyModels() {}

    /** GPT-2-sized vocabulary, width 32, two decoder layers, A_F of {@code fgramLayers}. */
    static SconeConfig config(int fgramLayers) {
        return new SconeConfig(
                SconeConfig.GPT2_VOCAB_SIZE, WIDTH, 2, 4, CONTEXT, 5, fgramLayers, 2, 4, 0f, 7L);
    }

    public static SconeModel model(int fgramLayers) {
        return SconeModel.create(config(fgramLayers), Device.cpu());
    }

    /** Random token ids in {@code [0, bound)}. */
    public static int[] randomTokens(Random random, int length, int bound) {
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = random.nextInt(bound);
        }
        return tokens;
    }

    /** Logits of {@code tokens} on the training path (A_F embeds the matched f-grams). */
    static float[] logitsWithFgramEncoder(SconeModel model, int[][] tokens, int[][] matches) {
        try (InferenceMode ignored = InferenceMode.enter();
                NDManager manager = model.newManager()) {
            NDArray embeds = model.inputEmbeddings(manager, tokens, matches, false);
            return model.logits(embeds, false).toFloatArray();
        }
    }

    /** Logits of precomputed inputs (the serving path). */
    static float[] logitsOf(SconeModel model, List<SequenceInput> inputs) {
        try (InferenceMode ignored = InferenceMode.enter();
                NDManager manager = model.newManager()) {
            NDArray embeds = model.inputEmbeddings(manager, inputs);
            return model.logits(embeds, false).toFloatArray();
        }
    }

    static float maxAbsDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static float maxAbs(float[] values) {
        float max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    /**
     * A suffix-closed f-gram vocabulary defined by a rule: every n-gram (2..K) whose ids are all
     * even. Vectors come from the model's own A_F, optionally rounded to bf16 as a table stores
     * them; this stands in for the matcher plus table store.
     */
    static final class EvenFgramLookup implements FgramLookup {

        private final SconeModel model;
        private final boolean bf16;
        private final Map<String, float[]> vectors = new HashMap<>();

        EvenFgramLookup(SconeModel model, boolean bf16) {
            this.model = model;
            this.bf16 = bf16;
        }

        @Override
        public int dimension() {
            return model.config().d();
        }

        /** Longest all-even run of 2..K tokens ending at {@code end}, or 0. */
        int matchLength(int[] tokens, int end) {
            int longest = 0;
            int limit = Math.min(model.config().maxFgramLength(), end + 1);
            for (int length = 1; length <= limit; length++) {
                if (tokens[end - length + 1] % 2 != 0) {
                    break;
                }
                longest = length;
            }
            return longest >= 2 ? longest : 0;
        }

        int[] matchLengths(int[] tokens) {
            int[] lengths = new int[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                lengths[i] = matchLength(tokens, i);
            }
            return lengths;
        }

        @Override
        public int longestMatch(int[] tokens, int end, float[] out) {
            int length = matchLength(tokens, end);
            if (length == 0) {
                return 0;
            }
            int[] fgram = Arrays.copyOfRange(tokens, end - length + 1, end + 1);
            float[] vector = vectors.computeIfAbsent(Arrays.toString(fgram), key -> embed(fgram));
            System.arraycopy(vector, 0, out, 0, vector.length);
            return length;
        }

        private float[] embed(int[] fgram) {
            float[] vector = model.fgramEmbeddings(new int[][] {fgram})[0];
            if (bf16) {
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = TensorDType.fromBf16(TensorDType.toBf16(vector[i]));
                }
            }
            return vector;
        }
    }
}
