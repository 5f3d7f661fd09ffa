package dev.scone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scone model}: bring models from elsewhere into this project's model directories. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Bring models from elsewhere into model directories every --model takes.",
        subcommands = {ModelImportCommand.class})
public final class ModelCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        // No subcommand given: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
