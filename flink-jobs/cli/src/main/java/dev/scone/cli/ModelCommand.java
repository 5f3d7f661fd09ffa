package dev.scone.cli;

import picocli.CommandLine.Command;

/** {@code scone model}: bring models from elsewhere into this project's model directories. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Bring models from elsewhere into model directories every --model takes.",
        subcommands = {ModelImportCommand.class})
public final class ModelCommand extends CommandGroup {}
