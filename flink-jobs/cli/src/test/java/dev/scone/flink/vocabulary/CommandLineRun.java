package dev.scone.flink.vocabulary;

import dev.scone.cli.GlobalOptions;
import dev.scone.cli.SconeCommand;
import dev.scone.cli.VocabCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code scone ...} invocation in-process, with its exit status, stdout and stderr. */
record CommandLineRun(int status, String out, String err) {

    /** Runs {@code args} through the real {@code scone} command line and its error handling. */
    static CommandLineRun of(String... args) {
        CommandLine scone = SconeCommand.commandLine(GlobalOptions.current());
        if (!scone.getSubcommands().containsKey("vocab")) {
            scone.addSubcommand(new VocabCommand());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        scone.setOut(new PrintWriter(out));
        scone.setErr(new PrintWriter(err));
        int status = scone.execute(args);
        return new CommandLineRun(status, out.toString(), err.toString());
    }
}
