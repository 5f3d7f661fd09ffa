package dev.scone.cli;

/** Exit statuses of the {@code scone} command, documented in {@code scone --help}. */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;

    /** Something failed inside SCONE Stream; rerun with --verbose for the stack trace. */
    public static final int INTERNAL_ERROR = 1;

    /** The user asked for something that cannot be done: bad option, missing or bad input. */
    public static final int USER_ERROR = 2;

    private ExitCodes() {}
}
