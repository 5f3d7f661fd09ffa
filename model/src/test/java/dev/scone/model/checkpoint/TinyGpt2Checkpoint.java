package dev.scone.model.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.model.nn.SafetensorsWriter;
import dev.scone.model.nn.TensorDType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A tiny random GPT-2 checkpoint in exactly the layout {@code GPT2LMHeadModel.save_pretrained}
 * writes: {@code config.json} with Hugging Face's field names and {@code model.safetensors} with
 * {@code transformer.}-prefixed names, Conv1D weights stored in x out, the causal-mask buffers, and
 * {@code lm_head.weight} left out (tied to {@code wte}). Options change one thing at a time, for
 * the tests of what the import accepts and refuses.
 */
final class TinyGpt2Checkpoint {

    static final int D = 32;
    static final int LAYERS = 2;
    static final int HEADS = 2;
    static final int POSITIONS = 64;
    static final int VOCAB = 50257;

    private static final ObjectMapper JSON = new ObjectMapper();

    boolean prefix = true;
    boolean maskBuffers = true;
    TensorDType dtype = TensorDType.F32;

    /** null: no lm_head tensor; "tied": a copy of wte; "own": a matrix of its own. */
    String lmHead = null;

    Integer nInner = null;
    String activation = "gelu_new";
    double layerNormEpsilon = 1e-5;
    long seed = 11;
    Consumer<ObjectNode> editConfig = config -> {};
    Consumer<Map<String, float[]>> editValues = values -> {};
    Map<String, long[]> shapeOverrides = new LinkedHashMap<>();

    /** Writes the checkpoint into {@code dir} and returns it. */
    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode config = JSON.createObjectNode();
        config.put("model_type", "gpt2");
        config.putArray("architectures").add("GPT2LMHeadModel");
        config.put("n_embd", D);
        config.put("n_layer", LAYERS);
        config.put("n_head", HEADS);
        config.put("n_positions", POSITIONS);
        config.put("n_ctx", POSITIONS);
        config.put("vocab_size", VOCAB);
        config.put("layer_norm_epsilon", layerNormEpsilon);
        config.put("activation_function", activation);
        if (nInner == null) {
            config.putNull("n_inner");
        } else {
            config.put("n_inner", nInner);
        }
        config.put("resid_pdrop", 0.1);
        config.put("scale_attn_weights", true);
        config.put("tie_word_embeddings", true);
        editConfig.accept(config);
        Files.writeString(
                dir.resolve("config.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config),
                StandardCharsets.UTF_8);

        Random random = new Random(seed);
        int inner = nInner == null ? 4 * D : nInner;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        String p = prefix ? "transformer." : "";
        put(shapes, values, p + "wte.weight", new long[] {VOCAB, D}, random, 0.3, 0);
        put(shapes, values, p + "wpe.weight", new long[] {POSITIONS, D}, random, 0.1, 0);
        for (int i = 0; i < LAYERS; i++) {
            String h = p + "h." + i + ".";
            put(shapes, values, h + "ln_1.weight", new long[] {D}, random, 0.2, 1);
            put(shapes, values, h + "ln_1.bias", new long[] {D}, random, 0.1, 0);
            if (maskBuffers) {
                float[] mask = new float[POSITIONS * POSITIONS];
                for (int q = 0; q < POSITIONS; q++) {
                    for (int k = 0; k <= q; k++) {
                        mask[q * POSITIONS + k] = 1;
                    }
                }
                shapes.put(h + "attn.bias", new long[] {1, 1, POSITIONS, POSITIONS});
                values.put(h + "attn.bias", mask);
                shapes.put(h + "attn.masked_bias", new long[] {});
                values.put(h + "attn.masked_bias", new float[] {-1e4f});
            }
            put(shapes, values, h + "attn.c_attn.weight", new long[] {D, 3 * D}, random, 0.25, 0);
            put(shapes, values, h + "attn.c_attn.bias", new long[] {3 * D}, random, 0.1, 0);
            put(shapes, values, h + "attn.c_proj.weight", new long[] {D, D}, random, 0.2, 0);
            put(shapes, values, h + "attn.c_proj.bias", new long[] {D}, random, 0.1, 0);
            put(shapes, values, h + "ln_2.weight", new long[] {D}, random, 0.2, 1);
            put(shapes, values, h + "ln_2.bias", new long[] {D}, random, 0.1, 0);
            put(shapes, values, h + "mlp.c_fc.weight", new long[] {D, inner}, random, 0.2, 0);
            put(shapes, values, h + "mlp.c_fc.bias", new long[] {inner}, random, 0.1, 0);
            put(shapes, values, h + "mlp.c_proj.weight", new long[] {inner, D}, random, 0.1, 0);
            put(shapes, values, h + "mlp.c_proj.bias", new long[] {D}, random, 0.1, 0);
        }
        put(shapes, values, p + "ln_f.weight", new long[] {D}, random, 0.2, 1);
        put(shapes, values, p + "ln_f.bias", new long[] {D}, random, 0.1, 0);
        if ("tied".equals(lmHead)) {
            shapes.put("lm_head.weight", new long[] {VOCAB, D});
            values.put("lm_head.weight", values.get(p + "wte.weight").clone());
        } else if ("own".equals(lmHead)) {
            put(shapes, values, "lm_head.weight", new long[] {VOCAB, D}, random, 0.3, 0);
        }
        editValues.accept(values);
        shapes.putAll(shapeOverrides);
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        for (String name : values.keySet()) {
            long[] shape = shapes.get(name);
            long elements = 1;
            for (long dimension : shape) {
                elements *= dimension;
            }
            if (elements != values.get(name).length) {
                values.put(name, new float[(int) elements]);
            }
            entries.add(new SafetensorsWriter.Entry(name, shape));
        }
        SafetensorsWriter.write(
                dir.resolve("model.safetensors"),
                entries,
                values::get,
                dtype,
                Map.of("format", "pt"));
        return dir;
    }

    private static void put(
            Map<String, long[]> shapes,
            Map<String, float[]> values,
            String name,
            long[] shape,
            Random random,
            double std,
            double mean) {
        long elements = 1;
        for (long dimension : shape) {
            elements *= dimension;
        }
        float[] data = new float[(int) elements];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (mean + std * random.nextGaussian());
        }
        shapes.put(name, shape);
        values.put(name, data);
    }
}
