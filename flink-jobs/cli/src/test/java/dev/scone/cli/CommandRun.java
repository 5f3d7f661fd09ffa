package dev.scone.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One command run in-process with the command line's error handling: its exit status, and what it
 * wrote to standard output (through picocli or {@code System.out}) and standard error.
 */
record CommandRun(int status, String out, String err) {

    static CommandRun of(Object command, String... args) {
        return withInput(command, "", args);
    }

    /** Runs {@code command} with {@code stdin} as its standard input. */
    static CommandRun withInput(Object command, String stdin, String... args) {
        InputStream previousIn = System.in;
        PrintStream previousOut = System.out;
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        // Replaced before the command line is built: picocli notices a System.out replaced later
        // and writes there instead of the writer it was given.
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        try {
            GlobalOptions options = new GlobalOptions(false, true);
            GlobalOptions.install(options);
            CommandLine commandLine = new CommandLine(command);
            commandLine.setExecutionExceptionHandler(new ErrorReporter(options));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            commandLine.setOut(new PrintWriter(out));
            commandLine.setErr(new PrintWriter(err));
            int status = commandLine.execute(args);
            return new CommandRun(
                    status, out + systemOut.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setIn(previousIn);
            System.setOut(previousOut);
        }
    }

    /**
     * {@code scone eval --format json} of {@code models} on {@code corpus}, the report files
     * written into {@code reportDir}.
     */
    static CommandRun evalAsJson(Path corpus, Path reportDir, Path... models) {
        List<String> args = new ArrayList<>(List.of("--format", "json", "--model"));
        for (Path model : models) {
            args.add(model.toString());
        }
        args.addAll(List.of("--corpus", corpus.toString(), "--out", reportDir.toString()));
        return of(new EvalCommand(), args.toArray(String[]::new));
    }
}
