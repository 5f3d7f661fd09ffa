package dev.scone.cli;

import dev.scone.model.evaluation.ServedModel;
import dev.scone.model.serving.ModelRepository;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model} and {@code --table} options of the commands that run a model offline. */
final class ServedModelOptions {

    @Option(
            names = "--model",
            defaultValue = "scone",
            paramLabel = "NAME_OR_DIR",
            description = "Model by shipped name or directory (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--table",
            paramLabel = "FILE",
            description =
                    "F-gram table to look positions up in; it must have been exported from the"
                            + " model (default: the model's own, built and cached on first use).")
    Path table;

    /** The model and its table, the table exported and cached first when it is the default. */
    ServedModel open() throws IOException {
        return ServedModel.open(
                ModelRepository.forHome(SconeHome.root()),
                model,
                table,
                GlobalOptions.current().progress());
    }
}
