package dev.scone.cli;

import java.util.Arrays;
import java.util.List;

/**
 * Options every command accepts ({@code --verbose}, {@code --no-progress}). They are declared on
 * the top-level command with inherited scope, so they parse anywhere on the line; their values are
 * read here from the raw arguments, once, so that every command and the error handler agree.
 */
public final class GlobalOptions {

    private static volatile GlobalOptions current = new GlobalOptions(false, false);

    private final boolean verbose;
    private final boolean noProgress;

    GlobalOptions(boolean verbose, boolean noProgress) {
        this.verbose = verbose;
        this.noProgress = noProgress;
    }

    static GlobalOptions parse(String[] args) {
        List<String> list = Arrays.asList(args);
        return new GlobalOptions(list.contains("--verbose"), list.contains("--no-progress"));
    }

    static void install(GlobalOptions options) {
        current = options;
    }

    /** The options of this invocation. */
    public static GlobalOptions current() {
        return current;
    }

    public boolean verbose() {
        return verbose;
    }

    /** Progress display for this invocation: bars on a terminal, plain lines otherwise. */
    public ConsoleProgress progress() {
        return noProgress ? ConsoleProgress.disabled() : ConsoleProgress.forStandardError();
    }
}
