package dev.scone.cli;

import picocli.CommandLine.Command;

/** {@code scone vocab}: build, summarise and print f-gram vocabularies (V_f). */
@Command(
        name = "vocab",
        mixinStandardHelpOptions = true,
        description = "Build, summarise and print f-gram vocabularies (V_f).",
        subcommands = {VocabBuildCommand.class, VocabStatsCommand.class, VocabDumpCommand.class})
public final class VocabCommand extends CommandGroup {}
