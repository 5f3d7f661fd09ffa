package dev.scone.model.checkpoint;

import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SafetensorsReader;
import dev.scone.model.nn.SafetensorsWriter;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.TensorDType;
import dev.scone.model.nn.TensorInfo;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns a GPT-2 checkpoint written by {@code GPT2LMHeadModel.save_pretrained} into a baseline model
 * directory: {@code model-card.json} and {@code model.safetensors} under this project's tensor
 * names, no f-gram vocabulary.
 *
 * <p>The checkpoint's tensors go through one at a time, so the import holds one tensor in memory,
 * never the model. GPT-2's {@code Conv1D} layers store their weights in x out, the transpose of a
 * linear layer's out x in, so {@code c_attn}, {@code attn.c_proj}, {@code c_fc} and {@code
 * mlp.c_proj} are transposed; {@code c_attn}'s outputs are already query, key, value in that order,
 * as this decoder's fused projection expects. Names are accepted with and without the {@code
 * transformer.} prefix; the causal-mask buffers {@code attn.bias} and {@code attn.masked_bias} are
 * skipped; {@code lm_head.weight}, when present and equal to {@code wte.weight}, is the tie that
 * {@code save_pretrained} usually leaves out, and when it differs it becomes an output projection
 * of its own.
 */
public final class Gpt2Importer {

    /** The weights file {@code save_pretrained} writes. */
    public static final String WEIGHTS_FILE = "model.safetensors";

    private static final String PREFIX = "transformer.";

    private Gpt2Importer() {}

    /**
     * What an import wrote.
     *
     * @param card the new model's card
     * @param dtype the element type the weights were written in
     * @param sourceDtype the checkpoint's element type
     * @param parameters number of weights written
     */
    public record Result(
            ModelCard card, TensorDType dtype, TensorDType sourceDtype, long parameters) {}

    /** One tensor to write: its name here, its name in the checkpoint, whether to transpose. */
    private record Mapping(String target, String source, long[] shape, boolean transpose) {}

    /**
     * Imports {@code checkpointDir} into {@code outDir}.
     *
     * @param name the model's name, the start of its version
     * @param dtype the element type to write, or null to keep the checkpoint's
     * @throws InvalidCheckpointException if the checkpoint is not a GPT-2 this decoder runs, or a
     *     tensor is missing or mis-shaped
     * @throws IllegalArgumentException if {@code outDir} already holds files
     * @throws IOException if reading or writing fails
     */
    public static Result importCheckpoint(
            Path checkpointDir,
            Path outDir,
            String name,
            TensorDType dtype,
            ProgressReporter progress)
            throws IOException {
        if (!Files.isDirectory(checkpointDir)) {
            throw new NoSuchFileException(
                    checkpointDir.toString(), null, "no checkpoint directory");
        }
        Gpt2Config gpt2 = Gpt2Config.read(checkpointDir);
        Path weights = checkpointDir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new NoSuchFileException(
                    weights.toString(),
                    null,
                    "no " + WEIGHTS_FILE + " in the checkpoint directory");
        }
        requireEmpty(outDir);
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            Map<String, TensorInfo> tensors = stripPrefix(reader.tensors(), weights);
            boolean tied = isTied(reader, tensors);
            SconeConfig config = gpt2.toSconeConfig(tied);
            List<Mapping> mappings = mappings(gpt2, tied);
            check(mappings, tensors, weights);
            TensorDType sourceDtype = tensors.get("wte.weight").dtype();
            TensorDType outDtype = dtype != null ? dtype : sourceDtype;
            long parameters = 0;
            List<SafetensorsWriter.Entry> entries = new ArrayList<>();
            Map<String, Mapping> byTarget = new LinkedHashMap<>();
            for (Mapping mapping : mappings) {
                entries.add(new SafetensorsWriter.Entry(mapping.target(), mapping.shape()));
                byTarget.put(mapping.target(), mapping);
                parameters += tensors.get(mapping.source()).elements();
            }
            Files.createDirectories(outDir);
            Path partial = outDir.resolve(SconeModelIO.WEIGHTS_FILE + ".partial");
            try (Progress copy = progress.start("Importing " + name, parameters, "weights")) {
                SafetensorsWriter.write(
                        partial,
                        entries,
                        target -> {
                            Mapping mapping = byTarget.get(target);
                            float[] values = read(reader, tensors.get(mapping.source()).name());
                            copy.step(values.length);
                            return mapping.transpose()
                                    ? transpose(values, mapping.shape()[1], mapping.shape()[0])
                                    : values;
                        },
                        outDtype,
                        Map.of("format", "pt", "imported_from", "gpt2"));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Path written = outDir.resolve(SconeModelIO.WEIGHTS_FILE);
            Files.move(partial, written, StandardCopyOption.REPLACE_EXISTING);
            String version = name + "-" + digest(written).substring(0, 12);
            ModelCard card = ModelCard.of(config, version, ModelCard.GPT2_TOKENIZER, "", 0);
            // The card last: a directory is a model only once its weights are complete.
            Files.writeString(
                    outDir.resolve(SconeModelIO.CARD_FILE), card.toJson(), StandardCharsets.UTF_8);
            return new Result(card, outDtype, sourceDtype, parameters);
        }
    }

    private static void requireEmpty(Path outDir) throws IOException {
        if (!Files.exists(outDir)) {
            return;
        }
        if (!Files.isDirectory(outDir)) {
            throw new IllegalArgumentException(outDir + " exists and is not a directory.");
        }
        try (Stream<Path> entries = Files.list(outDir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(
                        outDir + " already holds files; import into a new or empty directory.");
            }
        }
    }

    /**
     * The checkpoint's tensors by name without the {@code transformer.} prefix, the mask buffers
     * left out; each keeps its real name in {@link TensorInfo#name()}.
     */
    private static Map<String, TensorInfo> stripPrefix(Map<String, TensorInfo> raw, Path file) {
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (TensorInfo info : raw.values()) {
            String name =
                    info.name().startsWith(PREFIX)
                            ? info.name().substring(PREFIX.length())
                            : info.name();
            if (name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias")) {
                continue;
            }
            if (tensors.put(name, info) != null) {
                throw new InvalidCheckpointException(
                        file + " holds tensor " + name + " both with and without the prefix.");
            }
        }
        return tensors;
    }

    private static boolean isTied(SafetensorsReader reader, Map<String, TensorInfo> tensors) {
        TensorInfo head = tensors.get("lm_head.weight");
        if (head == null) {
            return true;
        }
        TensorInfo wte = tensors.get("wte.weight");
        if (wte == null || !Arrays.equals(head.shape(), wte.shape())) {
            return false; // the shape check names the tensor
        }
        return Arrays.equals(read(reader, head.name()), read(reader, wte.name()));
    }

    private static List<Mapping> mappings(Gpt2Config gpt2, boolean tied) {
        long d = gpt2.nEmbd();
        long inner = gpt2.ffnWidth();
        long vocab = gpt2.vocabSize();
        List<Mapping> mappings = new ArrayList<>();
        mappings.add(new Mapping("tok_emb.weight", "wte.weight", new long[] {vocab, d}, false));
        mappings.add(
                new Mapping(
                        "pos_emb.weight", "wpe.weight", new long[] {gpt2.nPositions(), d}, false));
        for (int i = 0; i < gpt2.nLayer(); i++) {
            String from = "h." + i + ".";
            String to = "blocks." + i + ".";
            norm(mappings, from + "ln_1.", to + "ln1.", d);
            linear(mappings, from + "attn.c_attn.", to + "attn.qkv.", 3 * d, d);
            linear(mappings, from + "attn.c_proj.", to + "attn.proj.", d, d);
            norm(mappings, from + "ln_2.", to + "ln2.", d);
            linear(mappings, from + "mlp.c_fc.", to + "mlp.fc.", inner, d);
            linear(mappings, from + "mlp.c_proj.", to + "mlp.proj.", d, inner);
        }
        norm(mappings, "ln_f.", "ln_f.", d);
        if (!tied) {
            mappings.add(
                    new Mapping("lm_head.weight", "lm_head.weight", new long[] {vocab, d}, false));
        }
        return mappings;
    }

    private static void norm(List<Mapping> mappings, String from, String to, long d) {
        mappings.add(new Mapping(to + "weight", from + "weight", new long[] {d}, false));
        mappings.add(new Mapping(to + "bias", from + "bias", new long[] {d}, false));
    }

    /** A Conv1D stored in x out, written as a linear layer's out x in. */
    private static void linear(List<Mapping> mappings, String from, String to, long out, long in) {
        mappings.add(new Mapping(to + "weight", from + "weight", new long[] {out, in}, true));
        mappings.add(new Mapping(to + "bias", from + "bias", new long[] {out}, false));
    }

    /** The checkpoint's shape of a mapped tensor: in x out for a transposed Conv1D weight. */
    private static long[] sourceShape(Mapping mapping) {
        long[] shape = mapping.shape();
        return mapping.transpose() ? new long[] {shape[1], shape[0]} : shape;
    }

    private static void check(List<Mapping> mappings, Map<String, TensorInfo> tensors, Path file) {
        Set<String> unused = new TreeSet<>(tensors.keySet());
        unused.remove("lm_head.weight"); // a tie, when it is not mapped
        for (Mapping mapping : mappings) {
            TensorInfo info = tensors.get(mapping.source());
            unused.remove(mapping.source());
            long[] expected = sourceShape(mapping);
            if (info == null) {
                throw new InvalidCheckpointException(
                        file
                                + " lacks tensor "
                                + mapping.source()
                                + " "
                                + Arrays.toString(expected)
                                + " that the configuration needs.");
            }
            if (!Arrays.equals(info.shape(), expected)) {
                throw new InvalidCheckpointException(
                        file
                                + ": tensor "
                                + info.name()
                                + " has shape "
                                + Arrays.toString(info.shape())
                                + " but the configuration needs "
                                + Arrays.toString(expected)
                                + ".");
            }
        }
        if (!unused.isEmpty()) {
            throw new InvalidCheckpointException(
                    file + " holds tensors a GPT-2 language model does not have: " + unused + ".");
        }
    }

    /** A tensor's values; an I/O failure comes out unchecked, for the writer's callback. */
    private static float[] read(SafetensorsReader reader, String name) {
        try {
            return reader.readFloats(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code values} as rows x cols, transposed to cols x rows. */
    static float[] transpose(float[] values, long rows, long cols) {
        int r = (int) rows;
        int c = (int) cols;
        float[] out = new float[values.length];
        for (int i = 0; i < r; i++) {
            int from = i * c;
            for (int j = 0; j < c; j++) {
                out[j * r + i] = values[from + j];
            }
        }
        return out;
    }

    private static String digest(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime.", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            while (in.read(buffer) >= 0) {
                // reading feeds the digest
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
