package dev.scone.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns exceptions escaping a command into one readable sentence and an exit status. Stack traces
 * are printed only with {@code --verbose}, because users should see what to fix, not where the code
 * noticed it.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    private final GlobalOptions options;

    ErrorReporter(GlobalOptions options) {
        this.options = options;
    }

    @Override
    public int handleExecutionException(
            Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Throwable userError = findUserError(exception);
        if (options.verbose()) {
            exception.printStackTrace(err);
        }
        if (userError != null) {
            err.println("error: " + describe(userError));
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        err.println("error: " + describe(rootCause(exception)));
        if (!options.verbose()) {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /** The first cause in the chain that the user can act on, or null. */
    static Throwable findUserError(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof UserException
                    || t instanceof NoSuchFileException
                    || t instanceof FileNotFoundException
                    || t instanceof AccessDeniedException
                    || t instanceof IllegalArgumentException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static String describe(Throwable t) {
        if (t instanceof NoSuchFileException) {
            return "no such file: " + ((NoSuchFileException) t).getFile();
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) t).getFile();
        }
        if (t instanceof UncheckedIOException && t.getCause() != null) {
            return describe(t.getCause());
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == t || cause.getMessage() == null ? t : cause;
    }
}
