package dev.scone.model.checkpoint;

import dev.scone.model.nn.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * GPT-2's forward pass written out with plain double arithmetic over the checkpoint's own tensors
 * (Hugging Face names, Conv1D weights in x out), as {@code GPT2LMHeadModel} computes it: the
 * independent reference an imported model is compared with. Nothing here goes through DJL or the
 * import's name mapping.
 */
final class Gpt2Reference {

    private final Map<String, float[]> tensors = new HashMap<>();
    private final int d;
    private final int layers;
    private final int heads;
    private final int inner;
    private final int vocab;
    private final double epsilon;
    private final boolean tanhGelu;

    Gpt2Reference(Path checkpointDir, int layers, int heads, double epsilon, boolean tanhGelu)
            throws IOException {
        try (SafetensorsReader reader =
                SafetensorsReader.open(checkpointDir.resolve("model.safetensors"))) {
            for (String name : reader.tensors().keySet()) {
                String key = name.startsWith("transformer.") ? name.substring(12) : name;
                tensors.put(key, reader.readFloats(name));
            }
            long[] wte = reader.tensors().get(name(reader, "wte.weight")).shape();
            this.vocab = (int) wte[0];
            this.d = (int) wte[1];
        }
        this.layers = layers;
        this.heads = heads;
        this.inner = tensors.get("h.0.mlp.c_fc.bias").length;
        this.epsilon = epsilon;
        this.tanhGelu = tanhGelu;
    }

    private static String name(SafetensorsReader reader, String bare) {
        return reader.tensors().containsKey(bare) ? bare : "transformer." + bare;
    }

    /** log p(t_{i+1} | t_0..t_i) for every i. */
    double[] nextTokenLogProbs(int[] tokens) {
        int n = tokens.length;
        double[][] x = new double[n][d];
        float[] wte = tensors.get("wte.weight");
        float[] wpe = tensors.get("wpe.weight");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = wte[tokens[i] * d + j] + wpe[i * d + j];
            }
        }
        int headWidth = d / heads;
        for (int l = 0; l < layers; l++) {
            String h = "h." + l + ".";
            double[][] a = layerNorm(x, h + "ln_1.");
            double[][] qkv = conv1d(a, h + "attn.c_attn.", 3 * d);
            double[][] mixed = new double[n][d];
            for (int head = 0; head < heads; head++) {
                int q0 = head * headWidth;
                int k0 = d + head * headWidth;
                int v0 = 2 * d + head * headWidth;
                for (int i = 0; i < n; i++) {
                    double[] scores = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k <= i; k++) {
                        double dot = 0;
                        for (int c = 0; c < headWidth; c++) {
                            dot += qkv[i][q0 + c] * qkv[k][k0 + c];
                        }
                        scores[k] = dot / Math.sqrt(headWidth);
                        max = Math.max(max, scores[k]);
                    }
                    double sum = 0;
                    for (int k = 0; k <= i; k++) {
                        scores[k] = Math.exp(scores[k] - max);
                        sum += scores[k];
                    }
                    for (int k = 0; k <= i; k++) {
                        double weight = scores[k] / sum;
                        for (int c = 0; c < headWidth; c++) {
                            mixed[i][q0 + c] += weight * qkv[k][v0 + c];
                        }
                    }
                }
            }
            add(x, conv1d(mixed, h + "attn.c_proj.", d));
            double[][] hidden = conv1d(layerNorm(x, h + "ln_2."), h + "mlp.c_fc.", inner);
            for (double[] row : hidden) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = gelu(row[j]);
                }
            }
            add(x, conv1d(hidden, h + "mlp.c_proj.", d));
        }
        double[][] out = layerNorm(x, "ln_f.");
        float[] head = tensors.getOrDefault("lm_head.weight", wte);
        double[] logProbs = new double[n - 1];
        double[] logits = new double[vocab];
        for (int i = 0; i + 1 < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vocab; v++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += out[i][j] * head[v * d + j];
                }
                logits[v] = dot;
                max = Math.max(max, dot);
            }
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                sum += Math.exp(logits[v] - max);
            }
            logProbs[i] = logits[tokens[i + 1]] - max - Math.log(sum);
        }
        return logProbs;
    }

    private double gelu(double x) {
        if (tanhGelu) {
            return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        }
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** The error function to about 1e-15 (a Taylor series near zero, a continued fraction far). */
    private static double erf(double x) {
        double z = Math.abs(x);
        double result;
        if (z < 3) {
            double term = z;
            double sum = z;
            for (int k = 1; k < 100; k++) {
                term *= -z * z / k;
                sum += term / (2 * k + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double fraction = 0;
            for (int k = 60; k >= 1; k--) {
                fraction = k / 2.0 / (z + fraction);
            }
            result = 1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + fraction);
        }
        return x < 0 ? -result : result;
    }

    private double[][] layerNorm(double[][] x, String prefix) {
        float[] weight = tensors.get(prefix + "weight");
        float[] bias = tensors.get(prefix + "bias");
        double[][] out = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double value : x[i]) {
                mean += value;
            }
            mean /= d;
            double variance = 0;
            for (double value : x[i]) {
                variance += (value - mean) * (value - mean);
            }
            variance /= d;
            double scale = 1 / Math.sqrt(variance + epsilon);
            for (int j = 0; j < d; j++) {
                out[i][j] = (x[i][j] - mean) * scale * weight[j] + bias[j];
            }
        }
        return out;
    }

    /** GPT-2's Conv1D: x (rows x in) times W (in x out, as stored) plus b. */
    private double[][] conv1d(double[][] x, String prefix, int outWidth) {
        float[] weight = tensors.get(prefix + "weight");
        float[] bias = tensors.get(prefix + "bias");
        int in = x[0].length;
        double[][] out = new double[x.length][outWidth];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < outWidth; o++) {
                double sum = bias[o];
                for (int k = 0; k < in; k++) {
                    sum += x[i][k] * weight[k * outWidth + o];
                }
                out[i][o] = sum;
            }
        }
        return out;
    }

    private static void add(double[][] x, double[][] delta) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] += delta[i][j];
            }
        }
    }
}
