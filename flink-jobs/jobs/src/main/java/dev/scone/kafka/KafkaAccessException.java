package dev.scone.kafka;

/**
 * Kafka refused or could not be reached for a reason the user can fix: authentication failed, a
 * topic is missing, an ACL does not allow what a command needs. The message is one sentence that
 * names the cause and never carries a secret; the command line prints only that sentence and exits
 * with status 2.
 */
public final class KafkaAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaAccessException(String message) {
        super(message);
    }

    public KafkaAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
