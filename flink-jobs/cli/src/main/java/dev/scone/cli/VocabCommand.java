package dev.scone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scone vocab}: build, summarise and print f-gram vocabularies (V_f). */
@Command(
        name = "vocab",
        mixinStandardHelpOptions = true,
        description = "Build, summarise and print f-gram vocabularies (V_f).",
        subcommands = {VocabBuildCommand.class, VocabStatsCommand.class, VocabDumpCommand.class})
public final class VocabCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        // No subcommand given: show the three there are.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
