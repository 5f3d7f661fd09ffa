package dev.scone.model.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.nn.SconeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The part of a Hugging Face GPT-2 {@code config.json} that shapes the network, checked to be a
 * GPT-2 this project's decoder computes exactly.
 *
 * @param nEmbd width d
 * @param nLayer decoder layers
 * @param nHead attention heads
 * @param nPositions learned positions: the longest context
 * @param vocabSize token vocabulary; GPT-2's 50257
 * @param layerNormEpsilon LayerNorm's variance guard
 * @param activation {@link SconeConfig#GELU} or {@link SconeConfig#GELU_NEW}
 * @param nInner feed-forward width, or null for 4d
 */
public record Gpt2Config(
        int nEmbd,
        int nLayer,
        int nHead,
        int nPositions,
        int vocabSize,
        float layerNormEpsilon,
        String activation,
        Integer nInner) {

    /** The file {@code save_pretrained} writes the configuration to. */
    public static final String CONFIG_FILE = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads and checks {@code config.json} of a checkpoint directory.
     *
     * @throws InvalidCheckpointException if the configuration is not one of a GPT-2 this decoder
     *     runs
     * @throws IOException if the file is missing or unreadable
     */
    public static Gpt2Config read(Path checkpointDir) throws IOException {
        Path file = checkpointDir.resolve(CONFIG_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(
                    file.toString(), null, "no " + CONFIG_FILE + " in the checkpoint directory");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidCheckpointException(file + " is not valid JSON.", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidCheckpointException(file + " is not a JSON object.");
        }
        return parse(root, file);
    }

    static Gpt2Config parse(JsonNode root, Path file) {
        String modelType = root.path("model_type").asText("");
        if (!modelType.equals("gpt2")) {
            throw new InvalidCheckpointException(
                    file
                            + " describes a "
                            + (modelType.isEmpty() ? "model without a model_type" : modelType)
                            + " model, not GPT-2 (model_type gpt2).");
        }
        String activationName = root.path("activation_function").asText("gelu_new");
        String activation =
                switch (activationName) {
                    case "gelu_new", "gelu_pytorch_tanh" -> SconeConfig.GELU_NEW;
                    case "gelu" -> SconeConfig.GELU;
                    default ->
                            throw new InvalidCheckpointException(
                                    file
                                            + " uses the activation "
                                            + activationName
                                            + "; only gelu_new, gelu_pytorch_tanh and gelu are"
                                            + " supported.");
                };
        refuseIf(root, "scale_attn_weights", false, file, "unscaled attention scores");
        refuseIf(root, "scale_attn_by_inverse_layer_idx", true, file, "attention scaled by depth");
        refuseIf(root, "add_cross_attention", true, file, "cross-attention");
        int nEmbd = positiveInt(root, "n_embd", file);
        int nHead = positiveInt(root, "n_head", file);
        if (nEmbd % nHead != 0) {
            throw new InvalidCheckpointException(
                    file + ": n_embd=" + nEmbd + " is not divisible by n_head=" + nHead + ".");
        }
        int vocabSize = positiveInt(root, "vocab_size", file);
        if (vocabSize != SconeConfig.GPT2_VOCAB_SIZE) {
            throw new InvalidCheckpointException(
                    file
                            + " has a vocabulary of "
                            + vocabSize
                            + " tokens, not GPT-2's "
                            + SconeConfig.GPT2_VOCAB_SIZE
                            + ", which is the only tokenizer this project has.");
        }
        JsonNode inner = root.get("n_inner");
        Integer nInner =
                inner == null || inner.isNull() ? null : positiveInt(root, "n_inner", file);
        JsonNode epsilon = root.get("layer_norm_epsilon");
        float layerNormEpsilon =
                epsilon == null || epsilon.isNull()
                        ? SconeConfig.DEFAULT_LAYER_NORM_EPSILON
                        : (float) epsilon.asDouble();
        if (!(layerNormEpsilon > 0f)) {
            throw new InvalidCheckpointException(
                    file + ": layer_norm_epsilon must be positive, not " + epsilon + ".");
        }
        return new Gpt2Config(
                nEmbd,
                positiveInt(root, "n_layer", file),
                nHead,
                positiveInt(root, "n_positions", file),
                vocabSize,
                layerNormEpsilon,
                activation,
                nInner);
    }

    private static void refuseIf(
            JsonNode root, String field, boolean value, Path file, String what) {
        JsonNode node = root.get(field);
        if (node != null && node.isBoolean() && node.asBoolean() == value) {
            throw new InvalidCheckpointException(
                    file
                            + " asks for "
                            + what
                            + " ("
                            + field
                            + "="
                            + value
                            + "), which this"
                            + " decoder does not compute.");
        }
    }

    private static int positiveInt(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.canConvertToInt() || node.asInt() <= 0) {
            throw new InvalidCheckpointException(
                    file + " needs " + field + " as a positive whole number, not " + node + ".");
        }
        return node.asInt();
    }

    /** Width of each feed-forward hidden layer: {@code n_inner}, or 4d. */
    public int ffnWidth() {
        return nInner != null ? nInner : 4 * nEmbd;
    }

    /**
     * This network as a baseline configuration of this project (no A_F), with the output projection
     * tied to T or not.
     */
    public SconeConfig toSconeConfig(boolean tiedOutputEmbedding) {
        return new SconeConfig(
                vocabSize,
                nEmbd,
                nLayer,
                nHead,
                nPositions,
                5,
                0,
                nHead,
                4,
                0f,
                42L,
                activation,
                layerNormEpsilon,
                ffnWidth() == 4 * nEmbd ? null : ffnWidth(),
                tiedOutputEmbedding,
                SconeConfig.READOUT_NORM);
    }
}
