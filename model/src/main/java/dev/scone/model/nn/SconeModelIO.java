package dev.scone.model.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saves and loads a model directory:
 *
 * <pre>
 *   model-card.json     {@link ModelCard}: configuration, tokenizer, vocabulary fingerprint, version
 *   model.safetensors   the weights under the names documented on {@link SconeModel}
 *   vocabulary.avro     the f-gram vocabulary V_f (written by the vocabulary tools, not here)
 * </pre>
 *
 * A directory may leave out A_F's tensors ({@code fgram.*}): A_F is only needed to build the f-gram
 * table, so an inference model loads without it and reads f-gram vectors from the table.
 */
public final class SconeModelIO {

    public static final String CARD_FILE = "model-card.json";
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String VOCABULARY_FILE = "vocabulary.avro";

    static final String FGRAM_PREFIX = "fgram.";

    private SconeModelIO() {}

    /** Saves the card and every weight (A_F included) in F32. */
    public static void save(Path dir, SconeModel model, ModelCard card) throws IOException {
        save(dir, model, card, TensorDType.F32, true);
    }

    /**
     * Saves the card and the weights.
     *
     * @param dtype F32 for exact weights, BF16 for half the size
     * @param includeFgramEncoder false to leave out A_F, for a model that serves from a table
     * @throws IllegalArgumentException if the card describes another configuration
     * @throws IOException if writing fails
     */
    public static void save(
            Path dir,
            SconeModel model,
            ModelCard card,
            TensorDType dtype,
            boolean includeFgramEncoder)
            throws IOException {
        if (!card.config().equals(model.config())) {
            throw new IllegalArgumentException(
                    "The model card describes another configuration than the model being saved.");
        }
        Files.createDirectories(dir);
        writeWeights(dir.resolve(WEIGHTS_FILE), model, dtype, includeFgramEncoder, card);
        Files.writeString(dir.resolve(CARD_FILE), card.toJson(), StandardCharsets.UTF_8);
    }

    /**
     * Reads {@code model-card.json} from a model directory.
     *
     * @throws IOException if the file is missing or unreadable, naming it
     */
    public static ModelCard readCard(Path dir) throws IOException {
        Path file = dir.resolve(CARD_FILE);
        try {
            return ModelCard.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IOException(
                    dir + " is not a model directory: it has no " + CARD_FILE + ".", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the weights of a model directory hold A_F, which a model saved for serving from a
     * table may leave out; reads only the weights file's header.
     *
     * @throws IOException if the weights file is missing or unreadable
     */
    public static boolean hasFgramEncoderWeights(Path dir) throws IOException {
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new IOException(
                    dir + " is not a model directory: it has no " + WEIGHTS_FILE + ".");
        }
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            return reader.tensors().keySet().stream().anyMatch(n -> n.startsWith(FGRAM_PREFIX));
        }
    }

    /** Loads a model directory onto the preferred device. */
    public static SconeModel load(Path dir) throws IOException {
        return load(dir, SconeModel.preferredDevice());
    }

    /**
     * Loads a model directory onto {@code device}. A_F is loaded when its tensors are present.
     *
     * @throws IOException if a file is missing or does not match the card, naming what is wrong
     */
    public static SconeModel load(Path dir, Device device) throws IOException {
        ModelCard card = readCard(dir);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new IOException(
                    dir + " is not a model directory: it has no " + WEIGHTS_FILE + ".");
        }
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            boolean withFgramEncoder =
                    reader.tensors().keySet().stream().anyMatch(n -> n.startsWith(FGRAM_PREFIX));
            SconeModel model = SconeModel.create(card.config(), device, withFgramEncoder);
            try {
                readWeights(reader, model, weights);
                return model;
            } catch (IOException | RuntimeException e) {
                model.close();
                throw e;
            }
        }
    }

    /**
     * A new model of shape {@code config} that starts from the weights in {@code dir}: the decoder,
     * T and the output projection are copied, and so is A_F when the directory holds one of the
     * same shape; otherwise A_F starts from its seeded initialisation. This is how f-grams are
     * added to a pretrained (or any) model.
     *
     * @throws IllegalArgumentException if {@code config}'s decoder differs from the directory's
     * @throws IOException if a file is missing or does not match the card, naming what is wrong
     */
    public static SconeModel initFrom(Path dir, SconeConfig config, Device device)
            throws IOException {
        ModelCard card = readCard(dir);
        SconeConfig decoder =
                card.config().withFgramEncoder(config.fgramLayers(), config.fgramHeads());
        if (!decoder.withSeed(config.seed()).equals(config)) {
            throw new IllegalArgumentException(
                    "The model to train keeps the decoder of "
                            + card.modelVersion()
                            + " but its configuration differs from that model's card.");
        }
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new IOException(
                    dir + " is not a model directory: it has no " + WEIGHTS_FILE + ".");
        }
        SconeModel model = SconeModel.create(config, device);
        try (SafetensorsReader reader = SafetensorsReader.open(weights);
                InferenceMode ignored = InferenceMode.enter()) {
            Map<String, Parameter> parameters = model.namedParameters();
            boolean sameFgramModel =
                    card.config().fgramLayers() == config.fgramLayers()
                            && card.config().fgramHeads() == config.fgramHeads();
            for (Map.Entry<String, Parameter> named : parameters.entrySet()) {
                boolean fgram = named.getKey().startsWith(FGRAM_PREFIX);
                TensorInfo info = reader.tensors().get(named.getKey());
                if (info == null) {
                    if (fgram) {
                        continue;
                    }
                    throw new IOException(weights + " lacks tensor " + named.getKey() + ".");
                }
                if (fgram && !sameFgramModel) {
                    continue;
                }
                NDArray array = named.getValue().getArray();
                if (!Arrays.equals(array.getShape().getShape(), info.shape())) {
                    throw new IOException(
                            weights
                                    + ": tensor "
                                    + named.getKey()
                                    + " has shape "
                                    + Arrays.toString(info.shape())
                                    + " but the model card's configuration needs "
                                    + Arrays.toString(array.getShape().getShape())
                                    + ".");
                }
                array.set(FloatBuffer.wrap(reader.readFloats(named.getKey())));
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static void writeWeights(
            Path file,
            SconeModel model,
            TensorDType dtype,
            boolean includeFgramEncoder,
            ModelCard card)
            throws IOException {
        Map<String, Parameter> parameters = model.namedParameters();
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Parameter> named : parameters.entrySet()) {
            if (!includeFgramEncoder && named.getKey().startsWith(FGRAM_PREFIX)) {
                continue;
            }
            long[] shape = named.getValue().getArray().getShape().getShape();
            entries.add(new SafetensorsWriter.Entry(named.getKey(), shape));
        }
        SafetensorsWriter.write(
                file,
                entries,
                name -> parameters.get(name).getArray().toFloatArray(),
                dtype,
                Map.of("format", "pt", "model_version", card.modelVersion()));
    }

    /** Copies every tensor of {@code reader} into the matching parameter of {@code model}. */
    static void readWeights(SafetensorsReader reader, SconeModel model, Path file)
            throws IOException {
        Map<String, Parameter> parameters = model.namedParameters();
        Set<String> unexpected = new TreeSet<>(reader.tensors().keySet());
        unexpected.removeAll(parameters.keySet());
        if (!unexpected.isEmpty()) {
            throw new IOException(
                    file + " holds tensors this model does not have: " + unexpected + ".");
        }
        try (InferenceMode ignored = InferenceMode.enter()) {
            for (Map.Entry<String, Parameter> named : parameters.entrySet()) {
                TensorInfo info = reader.tensors().get(named.getKey());
                if (info == null) {
                    throw new IOException(file + " lacks tensor " + named.getKey() + ".");
                }
                NDArray array = named.getValue().getArray();
                long[] expected = array.getShape().getShape();
                if (!Arrays.equals(expected, info.shape())) {
                    throw new IOException(
                            file
                                    + ": tensor "
                                    + named.getKey()
                                    + " has shape "
                                    + Arrays.toString(info.shape())
                                    + " but the model card's configuration needs "
                                    + Arrays.toString(expected)
                                    + ".");
                }
                array.set(FloatBuffer.wrap(reader.readFloats(named.getKey())));
            }
        }
    }
}
