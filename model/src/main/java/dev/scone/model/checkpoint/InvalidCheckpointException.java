package dev.scone.model.checkpoint;

/**
 * A checkpoint that cannot be imported: not GPT-2, a vocabulary other than GPT-2's, or a tensor
 * missing or of the wrong shape. The message is one sentence naming what is wrong; it is an {@link
 * IllegalArgumentException} because the checkpoint is an input the user chose.
 */
public class InvalidCheckpointException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidCheckpointException(String message) {
        super(message);
    }

    public InvalidCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
