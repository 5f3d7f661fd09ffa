package dev.scone.cli;

/**
 * A problem the user can fix (a missing file, a bad option value, unreadable input). The command
 * line prints only its message, one sentence, and exits with {@link ExitCodes#USER_ERROR}.
 */
public class UserException extends RuntimeException {

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
