package dev.scone.model.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a training run needs, as a JSON or YAML file: the model's shape, the optimiser and
 * schedule, the data and where to write the result. Every setting has a default ({@link
 * #defaults()}); a file gives only what differs, and {@code key=value} overrides (such as {@code
 * training.steps=500}) apply on top. Relative paths are resolved by the caller against a base
 * directory.
 *
 * <pre>{@code
 * {
 *   "name": "scone-small",
 *   "model": {"d": 128, "layers": 4, "heads": 4, "contextLength": 128, "fgramLayers": 2},
 *   "training": {"batchSize": 16, "steps": 2000, "learningRate": 0.001},
 *   "data": {"train": ["var/corpora/train"]}
 * }
 * }</pre>
 *
 * <p>A file named {@code *.yaml} or {@code *.yml} is read as YAML into the same tree, so it takes
 * the same settings, overrides and checks:
 *
 * <pre>{@code
 * name: scone-small
 * model: {d: 128, layers: 4, heads: 4, contextLength: 128, fgramLayers: 2}
 * training:
 *   batchSize: 16
 *   steps: 2000
 * }</pre>
 *
 * @param name the model's name; its version is the name, the start time and the step count
 * @param output the model directory to write, or null for {@code var/models/NAME}
 * @param model the model's shape ({@link SconeConfig}); fgramLayers 0 trains a baseline
 * @param training optimiser, schedule, batches and checkpoints
 * @param data the training corpus and the f-gram vocabulary
 */
public record TrainingRunConfig(
        String name, String output, SconeConfig model, Training training, Data data) {

    /**
     * @param batchSize windows of C tokens per step
     * @param steps optimiser steps, used when {@code tokens} is 0
     * @param tokens predictions to train on; when above 0 it sets the number of steps
     * @param learningRate peak learning rate, reached after warm-up
     * @param finalLearningRate learning rate at the last step; null for a tenth of the peak
     * @param warmupSteps linear warm-up steps; null for 10% of the run, at most 1000
     * @param weightDecay AdamW's decoupled weight decay on matrices
     * @param beta1 AdamW's first-moment decay
     * @param beta2 AdamW's second-moment decay
     * @param epsilon AdamW's denominator guard
     * @param maxGradNorm global gradient norm clip; 0 disables
     * @param seed seed of the window shuffles and dropout
     * @param checkpointEvery steps between checkpoints; 0 saves one only at the end
     * @param epochs passes over the training windows; above 0 it sets the number of steps (and wins
     *     over {@code tokens} and {@code steps})
     * @param validateEvery steps between validation-loss measurements on {@code data.validation}; 0
     *     measures only at the end
     * @param validationWindows windows of the validation split measured, spread evenly over it; 0
     *     measures all of them
     * @param patience measurements without a new best validation loss after which the run stops
     *     early; 0 never stops early
     */
    public record Training(
            int batchSize,
            int steps,
            long tokens,
            float learningRate,
            Float finalLearningRate,
            Integer warmupSteps,
            float weightDecay,
            float beta1,
            float beta2,
            float epsilon,
            float maxGradNorm,
            long seed,
            int checkpointEvery,
            int epochs,
            int validateEvery,
            int validationWindows,
            int patience) {}

    /**
     * @param train corpus files or folders of the training split
     * @param vocabulary the f-gram vocabulary file; built from {@code train} when missing, and null
     *     builds it into the model directory
     * @param vocabularyBuild how to build the vocabulary when it has to be built
     * @param validation corpus files or folders of the validation split; empty measures no
     *     validation loss
     */
    public record Data(
            List<String> train,
            String vocabulary,
            VocabularyBuild vocabularyBuild,
            List<String> validation) {}

    /**
     * @param maxN longest f-gram counted; null for the model's maxFgramLength
     * @param minCount smallest corpus count of an f-gram
     * @param size f-grams to keep, best ranked first; 0 keeps all that reach minCount
     */
    public record VocabularyBuild(Integer maxN, long minCount, long size) {}

    private static final String DEFAULTS =
            """
            {
              "name": "scone",
              "output": null,
              "model": {
                "vocabSize": 50257, "d": 128, "layers": 4, "heads": 4, "contextLength": 128,
                "maxFgramLength": 5, "fgramLayers": 2, "fgramHeads": 4, "mlpRatio": 4,
                "dropout": 0.0, "seed": 42, "activation": "gelu", "layerNormEpsilon": 1e-5,
                "ffnWidth": null, "tiedOutputEmbedding": false, "fgramReadout": "norm"
              },
              "training": {
                "batchSize": 16, "steps": 2000, "tokens": 0, "learningRate": 0.001,
                "finalLearningRate": null, "warmupSteps": null, "weightDecay": 0.1,
                "beta1": 0.9, "beta2": 0.95, "epsilon": 1e-8, "maxGradNorm": 1.0, "seed": 42,
                "checkpointEvery": 200, "epochs": 0, "validateEvery": 0, "validationWindows": 0,
                "patience": 0
              },
              "data": {
                "train": ["var/corpora/train"],
                "vocabulary": null,
                "vocabularyBuild": {"maxN": null, "minCount": 5, "size": 0},
                "validation": []
              }
            }
            """;

    private static final Map<String, String> DOCUMENTATION = new LinkedHashMap<>();

    static {
        DOCUMENTATION.put("name", "model name; the version adds the start time and steps");
        DOCUMENTATION.put("output", "model directory to write (null: var/models/NAME)");
        DOCUMENTATION.put("model.vocabSize", "token vocabulary (50257 for GPT-2 BPE)");
        DOCUMENTATION.put("model.d", "model width, shared by the decoder, T and A_F");
        DOCUMENTATION.put("model.layers", "decoder layers");
        DOCUMENTATION.put("model.heads", "decoder attention heads; must divide d");
        DOCUMENTATION.put("model.contextLength", "context C: tokens per training window");
        DOCUMENTATION.put("model.maxFgramLength", "K, the longest f-gram (2..5)");
        DOCUMENTATION.put(
                "model.fgramLayers", "layers of A_F; 0 trains a baseline without f-grams");
        DOCUMENTATION.put("model.fgramHeads", "attention heads of A_F; must divide d");
        DOCUMENTATION.put("model.mlpRatio", "feed-forward width as a multiple of d");
        DOCUMENTATION.put("model.dropout", "dropout probability while training");
        DOCUMENTATION.put("model.seed", "seed of the weight initialisation");
        DOCUMENTATION.put("model.activation", "feed-forward GELU: gelu (exact) or gelu_new (tanh)");
        DOCUMENTATION.put("model.layerNormEpsilon", "variance guard of every LayerNorm");
        DOCUMENTATION.put("model.ffnWidth", "feed-forward width (null: mlpRatio x d)");
        DOCUMENTATION.put(
                "model.tiedOutputEmbedding", "output projection is T transposed (as GPT-2)");
        DOCUMENTATION.put(
                "model.fgramReadout",
                "A_F's output: norm (final LayerNorm) or residual (starts as T, as the baseline)");
        DOCUMENTATION.put("training.batchSize", "windows per step");
        DOCUMENTATION.put("training.steps", "optimiser steps (used when training.tokens is 0)");
        DOCUMENTATION.put("training.tokens", "predictions to train on; above 0 it sets the steps");
        DOCUMENTATION.put("training.learningRate", "peak learning rate");
        DOCUMENTATION.put(
                "training.finalLearningRate", "last learning rate (null: a tenth of peak)");
        DOCUMENTATION.put("training.warmupSteps", "warm-up steps (null: 10% of the run, <= 1000)");
        DOCUMENTATION.put("training.weightDecay", "AdamW weight decay on matrices");
        DOCUMENTATION.put("training.beta1", "AdamW first-moment decay");
        DOCUMENTATION.put("training.beta2", "AdamW second-moment decay");
        DOCUMENTATION.put("training.epsilon", "AdamW denominator guard");
        DOCUMENTATION.put("training.maxGradNorm", "gradient norm clip (0: none)");
        DOCUMENTATION.put("training.seed", "seed of the window shuffles and dropout");
        DOCUMENTATION.put("training.checkpointEvery", "steps between checkpoints (0: at the end)");
        DOCUMENTATION.put("training.epochs", "passes over the training split (0: steps/tokens)");
        DOCUMENTATION.put(
                "training.validateEvery", "steps between validation losses (0: at the end)");
        DOCUMENTATION.put(
                "training.validationWindows",
                "validation windows measured, evenly spread (0: all)");
        DOCUMENTATION.put(
                "training.patience", "validations without a new best before stopping (0: never)");
        DOCUMENTATION.put("data.train", "training corpus files or folders");
        DOCUMENTATION.put(
                "data.vocabulary", "f-gram vocabulary file, built from data.train when missing");
        DOCUMENTATION.put("data.vocabularyBuild.maxN", "longest f-gram counted (null: K)");
        DOCUMENTATION.put("data.vocabularyBuild.minCount", "smallest count of a kept f-gram");
        DOCUMENTATION.put("data.vocabularyBuild.size", "f-grams kept, best first (0: all)");
        DOCUMENTATION.put(
                "data.validation", "validation corpus files or folders (empty: no validation)");
    }

    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build();

    /** Checks the settings that no other constructor checks. */
    public TrainingRunConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(data, "data");
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "The model name must be letters, digits, '.', '_' or '-', not '" + name + "'.");
        }
        if (training.batchSize() < 1) {
            throw new IllegalArgumentException(
                    "training.batchSize must be at least 1, not " + training.batchSize() + ".");
        }
        if (training.tokens() < 0 || (training.tokens() == 0 && training.steps() < 1)) {
            throw new IllegalArgumentException(
                    "Give training.steps of at least 1 or training.tokens above 0.");
        }
        if (training.checkpointEvery() < 0) {
            throw new IllegalArgumentException(
                    "training.checkpointEvery must be 0 or more, not "
                            + training.checkpointEvery()
                            + ".");
        }
        if (training.epochs() < 0
                || training.validateEvery() < 0
                || training.validationWindows() < 0
                || training.patience() < 0) {
            throw new IllegalArgumentException(
                    "training.epochs, validateEvery, validationWindows and patience must be 0 or"
                            + " more.");
        }
        boolean validates = data.validation() != null && !data.validation().isEmpty();
        if (training.patience() > 0 && (!validates || training.validateEvery() == 0)) {
            throw new IllegalArgumentException(
                    "Early stopping (training.patience) needs data.validation and"
                            + " training.validateEvery above 0.");
        }
        if (data.train() == null || data.train().isEmpty()) {
            throw new IllegalArgumentException("data.train must name at least one corpus.");
        }
        if (data.vocabularyBuild() == null) {
            throw new IllegalArgumentException("data.vocabularyBuild must not be null.");
        }
        Integer maxN = data.vocabularyBuild().maxN();
        if (maxN != null && (maxN < 2 || maxN > model.maxFgramLength())) {
            throw new IllegalArgumentException(
                    "data.vocabularyBuild.maxN must be between 2 and model.maxFgramLength="
                            + model.maxFgramLength()
                            + ", not "
                            + maxN
                            + ".");
        }
        data =
                new Data(
                        List.copyOf(data.train()),
                        data.vocabulary(),
                        data.vocabularyBuild(),
                        data.validation() == null ? List.of() : List.copyOf(data.validation()));
    }

    /** The default configuration. */
    public static TrainingRunConfig defaults() {
        return bind(defaultsTree());
    }

    /**
     * Reads a configuration file over the defaults and applies overrides.
     *
     * @param file a JSON file, a YAML file named {@code *.yaml} or {@code *.yml}, or null for the
     *     defaults alone
     * @param overrides {@code key=value} settings, keys as in {@link #settingsHelp()}
     * @throws IllegalArgumentException naming the first bad setting, or for a file of another kind
     * @throws IOException if the file cannot be read
     */
    public static TrainingRunConfig load(Path file, List<String> overrides) throws IOException {
        if (file == null) {
            return parse("{}", overrides);
        }
        boolean yaml = isYaml(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no training configuration");
        }
        try {
            return yaml ? parseYaml(text, overrides) : parse(text, overrides);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code file} is YAML by its name; JSON otherwise, anything else refused. */
    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return true;
        }
        if (name.endsWith(".json")) {
            return false;
        }
        throw new IllegalArgumentException(
                "The training configuration " + file + " must be a .json, .yaml or .yml file.");
    }

    /** Parses configuration JSON over the defaults and applies overrides. */
    public static TrainingRunConfig parse(String json, List<String> overrides) {
        JsonNode given;
        try {
            given = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "The training configuration is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (given == null || !given.isObject()) {
            throw new IllegalArgumentException("The training configuration must be a JSON object.");
        }
        return over((ObjectNode) given, overrides);
    }

    /** Parses configuration YAML over the defaults and applies overrides. */
    public static TrainingRunConfig parseYaml(String yaml, List<String> overrides) {
        JsonNode given;
        try {
            given = Yaml.MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "The training configuration is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (given == null || given.isMissingNode()) {
            given = JSON.createObjectNode();
        }
        if (!given.isObject()) {
            throw new IllegalArgumentException(
                    "The training configuration must be a YAML mapping of settings.");
        }
        return over((ObjectNode) given, overrides);
    }

    /** The defaults with {@code given} merged in and the overrides applied. */
    private static TrainingRunConfig over(ObjectNode given, List<String> overrides) {
        ObjectNode tree = defaultsTree();
        merge(tree, given, "");
        for (String override : overrides) {
            apply(tree, override);
        }
        return bind(tree);
    }

    /**
     * Loaded on first use only, so code that never reads YAML needs no YAML library (the cluster's
     * job jar leaves it out).
     */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new YAMLMapper();
    }

    /** This configuration with {@code key=value} overrides applied. */
    public TrainingRunConfig withOverrides(List<String> overrides) {
        ObjectNode tree = JSON.valueToTree(this);
        for (String override : overrides) {
            apply(tree, override);
        }
        return bind(tree);
    }

    /** Every setting with its default and what it does, one per line. */
    public static List<String> settingsHelp() {
        ObjectNode defaults = defaultsTree();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> setting : DOCUMENTATION.entrySet()) {
            JsonNode value = defaults;
            for (String part : setting.getKey().split("\\.")) {
                value = value.get(part);
            }
            lines.add(
                    String.format(
                            "%-31s %-22s %s",
                            setting.getKey(), value.toString(), setting.getValue()));
        }
        return lines;
    }

    /** Whether this run trains a baseline without f-grams. */
    public boolean baseline() {
        return !model.hasFgramEncoder();
    }

    /** K of the vocabulary to build. */
    public int vocabularyMaxN() {
        Integer maxN = data.vocabularyBuild().maxN();
        return maxN == null ? model.maxFgramLength() : maxN;
    }

    /** Whether the run measures a validation loss. */
    public boolean validates() {
        return !data.validation().isEmpty();
    }

    /**
     * Steps of the run: {@code training.epochs} passes of {@code batchesPerEpoch} steps, else
     * {@link #totalSteps(int, double)}.
     */
    public int totalSteps(int batchSize, double meanPredictionsPerWindow, int batchesPerEpoch) {
        if (training.epochs() > 0) {
            long steps = (long) training.epochs() * batchesPerEpoch;
            if (steps > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "training.epochs="
                                + training.epochs()
                                + " needs more steps than a run"
                                + " can take.");
            }
            return (int) Math.max(1, steps);
        }
        return totalSteps(batchSize, meanPredictionsPerWindow);
    }

    /**
     * Steps of the run: {@code training.steps}, or enough steps to train on {@code training.tokens}
     * predictions given the mean predictions per window of the corpus.
     */
    public int totalSteps(int batchSize, double meanPredictionsPerWindow) {
        if (training.tokens() == 0) {
            return training.steps();
        }
        double perStep = batchSize * meanPredictionsPerWindow;
        long steps = (long) Math.ceil(training.tokens() / perStep);
        if (steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "training.tokens="
                            + training.tokens()
                            + " needs more steps than a run can take.");
        }
        return (int) Math.max(1, steps);
    }

    /** The optimiser settings for a run of {@code totalSteps}, with the derived defaults filled. */
    public TrainingConfig trainingConfig(int totalSteps) {
        TrainingConfig recipe = TrainingConfig.defaults(training.learningRate(), totalSteps);
        Float finalRate = training.finalLearningRate();
        Integer warmup = training.warmupSteps();
        return new TrainingConfig(
                training.learningRate(),
                finalRate == null ? recipe.finalLearningRate() : finalRate,
                warmup == null ? recipe.warmupSteps() : Math.min(warmup, totalSteps),
                totalSteps,
                training.weightDecay(),
                training.beta1(),
                training.beta2(),
                training.epsilon(),
                training.maxGradNorm(),
                training.seed());
    }

    /** This configuration as indented JSON, every setting included. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A training configuration could not be written.", e);
        }
    }

    /** This configuration as a JSON tree, for embedding in other records. */
    public JsonNode toTree() {
        return JSON.valueToTree(this);
    }

    private static ObjectNode defaultsTree() {
        try {
            return (ObjectNode) JSON.readTree(DEFAULTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The built-in training defaults are not valid.", e);
        }
    }

    /** Copies {@code from} into {@code into}, merging objects and replacing everything else. */
    private static void merge(ObjectNode into, ObjectNode from, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = from.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode existing = into.get(field.getKey());
            if (existing == null) {
                throw new IllegalArgumentException("Unknown training setting '" + key + "'.");
            }
            if (existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) field.getValue(), key + ".");
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    /** Applies one {@code key=value} override to the tree. */
    private static void apply(ObjectNode tree, String override) {
        int equals = override.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException(
                    "A setting override looks like key=value (such as training.steps=500), not '"
                            + override
                            + "'.");
        }
        String key = override.substring(0, equals).trim();
        String text = override.substring(equals + 1).trim();
        String[] parts = key.split("\\.");
        ObjectNode parent = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new IllegalArgumentException("Unknown training setting '" + key + "'.");
            }
            parent = (ObjectNode) child;
        }
        String leaf = parts[parts.length - 1];
        JsonNode existing = parent.get(leaf);
        if (existing == null) {
            throw new IllegalArgumentException("Unknown training setting '" + key + "'.");
        }
        JsonNode value = overrideValue(text, existing.isArray());
        if (existing.isObject()) {
            if (!value.isObject()) {
                throw new IllegalArgumentException(
                        "The training setting '"
                                + key
                                + "' is a group; give a JSON object or set its fields one by"
                                + " one, such as "
                                + key
                                + "."
                                + existing.fieldNames().next()
                                + "=...");
            }
            merge((ObjectNode) existing, (ObjectNode) value, key + ".");
        } else {
            parent.set(leaf, value);
        }
    }

    /** JSON values as written; anything else as text, split at commas for a list setting. */
    private static JsonNode overrideValue(String text, boolean list) {
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // Not JSON: a plain word or path, taken as text below.
        }
        if (!list) {
            return TextNode.valueOf(text);
        }
        ArrayNode items = JSON.createArrayNode();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static TrainingRunConfig bind(JsonNode tree) {
        try {
            return JSON.treeToValue(tree, TrainingRunConfig.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException(cause.getMessage(), e);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("Unknown training setting '" + path(e) + "'.", e);
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException(
                    "The training setting '"
                            + path(e)
                            + "' cannot be "
                            + e.getValue()
                            + "; it takes "
                            + kind(e.getTargetType())
                            + ".",
                    e);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(
                    "The training setting '"
                            + path(e)
                            + "' must be "
                            + kind(e.getTargetType())
                            + ".",
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "The training configuration is not valid: " + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == int.class
                || type == long.class
                || type == Integer.class
                || type == Long.class) {
            return "a whole number";
        }
        if (type == float.class
                || type == double.class
                || type == Float.class
                || type == Double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }
}
