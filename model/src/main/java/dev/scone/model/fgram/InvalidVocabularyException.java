package dev.scone.model.fgram;

/**
 * A vocabulary file or summary that cannot be used: not an f-gram vocabulary, written by a newer
 * format version, or damaged. The message is one sentence naming the file and what to do; it is an
 * {@link IllegalArgumentException} because the file is an input the user chose.
 */
public class InvalidVocabularyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidVocabularyException(String message) {
        super(message);
    }

    public InvalidVocabularyException(String message, Throwable cause) {
        super(message, cause);
    }
}
