package dev.scone.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands. Given none, it prints its usage rather than doing
 * something surprising.
 */
public abstract class CommandGroup implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public final void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
