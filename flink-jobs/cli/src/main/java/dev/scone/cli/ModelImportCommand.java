package dev.scone.cli;

import dev.scone.model.checkpoint.Gpt2Importer;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.TensorDType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone model import}: a GPT-2 checkpoint in, a baseline model directory out. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import a GPT-2 checkpoint as GPT2LMHeadModel.save_pretrained writes it (config.json"
                    + " and model.safetensors, in F32, F16 or BF16) into a model directory:"
                    + " model-card.json and model.safetensors, no f-gram vocabulary. The result is"
                    + " a baseline that score, generate, eval, serve and train --init-from take"
                    + " with --model DIR.",
            "Tensor names are accepted with and without the 'transformer.' prefix; a missing"
                    + " lm_head.weight is tied to wte. A checkpoint that is not GPT-2, uses"
                    + " another vocabulary or lacks a tensor is refused with the reason."
        })
final class ModelImportCommand implements Callable<Integer> {

    /** Element types the weights can be written in. */
    enum Dtype {
        f32(TensorDType.F32),
        bf16(TensorDType.BF16);

        final TensorDType dtype;

        Dtype(TensorDType dtype) {
            this.dtype = dtype;
        }
    }

    @Spec CommandSpec spec;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "HF_DIR",
            description = "Checkpoint directory holding config.json and model.safetensors.")
    Path from;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "MODEL_DIR",
            description = "Model directory to write; it must not exist yet or be empty.")
    Path out;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description =
                    "Model name, the start of its version (default: the checkpoint directory's"
                            + " name).")
    String name;

    @Option(
            names = "--dtype",
            paramLabel = "f32|bf16",
            description = "Element type to write the weights in (default: the checkpoint's own).")
    Dtype dtype;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(from)) {
            throw new UserException("The checkpoint directory " + from + " does not exist.");
        }
        String modelName = name != null ? name : defaultName(from);
        if (!modelName.matches("[A-Za-z0-9._-]+")) {
            throw new UserException(
                    "The model name must be letters, digits, '.', '_' or '-', not '"
                            + modelName
                            + "'; give one with --name.");
        }
        Gpt2Importer.Result result =
                Gpt2Importer.importCheckpoint(
                        from,
                        out,
                        modelName,
                        dtype == null ? null : dtype.dtype,
                        GlobalOptions.current().progress());
        SconeConfig config = result.card().config();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                Locale.ROOT,
                "Imported %s: GPT-2 with %.1f M weights (d=%d, %d layers, %d heads, context %d,"
                        + " %s), %s written as %s.%nModel directory: %s%n",
                result.card().modelVersion(),
                result.parameters() / 1e6,
                config.d(),
                config.layers(),
                config.heads(),
                config.contextLength(),
                config.tiedOutputEmbedding() ? "output tied to wte" : "own output projection",
                result.sourceDtype(),
                result.dtype(),
                out);
        stdout.flush();
        return ExitCodes.OK;
    }

    private static String defaultName(Path from) {
        Path file = from.toAbsolutePath().normalize().getFileName();
        String base = file == null ? "gpt2" : file.toString();
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.isEmpty() ? "gpt2" : cleaned;
    }
}
