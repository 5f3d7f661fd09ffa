package dev.scone.schemas.serde;

/**
 * Bytes that cannot be turned into a record: not single-object encoded, written with an unknown
 * schema, or cut short or corrupt. The message is one sentence meant for a dead-letter reason or a
 * user; the cause, when present, carries Avro's own detail.
 */
public class RecordDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecordDecodingException(String message) {
        super(message);
    }

    public RecordDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
