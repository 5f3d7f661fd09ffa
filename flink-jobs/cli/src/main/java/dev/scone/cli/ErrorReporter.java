package dev.scone.cli;

import dev.scone.kafka.KafkaAccessException;
import dev.scone.kafka.KafkaClientProperties;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/**
 * Turns exceptions escaping a command into one readable sentence and an exit status. Stack traces
 * are printed only with {@code --verbose}, because users should see what to fix, not where the code
 * noticed it.
 *
 * <p>Whatever it prints, messages and stack traces alike, first loses every secret of the Kafka
 * client properties the command resolved ({@link #hideSecretsOf}): an exception from a library may
 * quote a configuration value, and {@code --verbose} must be safe to paste into a bug report.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

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
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            err.print(scrub(trace.toString()));
        }
        if (userError != null) {
            err.println("error: " + scrub(describe(userError)));
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        err.println("error: " + scrub(describe(rootCause(exception))));
        if (!options.verbose()) {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /** Keeps the secret values of {@code properties} out of everything reported from now on. */
    static void hideSecretsOf(KafkaClientProperties properties) {
        SECRETS.addAll(properties.secretValues());
    }

    /** {@code text} with every secret registered by {@link #hideSecretsOf} masked. */
    static String scrub(String text) {
        List<String> longestFirst = new ArrayList<>(SECRETS);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        String scrubbed = text;
        for (String secret : longestFirst) {
            scrubbed = scrubbed.replace(secret, KafkaClientProperties.REDACTED);
        }
        return scrubbed;
    }

    /** The first cause in the chain that the user can act on, or null. */
    static Throwable findUserError(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof UserException
                    || t instanceof KafkaAccessException
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
