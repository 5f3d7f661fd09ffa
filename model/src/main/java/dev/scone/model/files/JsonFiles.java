package dev.scone.model.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * How the JSON files beside models, vocabularies and training runs are read and written: indented
 * for people to read, and tolerant of fields a newer build added, so an older build still opens
 * them.
 */
public final class JsonFiles {

    /** Thread-safe once configured, as Jackson's mappers are. */
    public static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonFiles() {}

    /**
     * {@code value} as JSON text.
     *
     * @param what names the value in the error, such as {@code "A model card"}
     */
    public static String write(ObjectMapper mapper, Object value, String what) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " could not be written.", e);
        }
    }

    /**
     * Reads JSON text as a {@code type}.
     *
     * @param invalid starts the error's message, such as {@code "The model card is not valid"}
     * @throws IllegalArgumentException if the text is not a valid {@code type}
     */
    public static <T> T read(ObjectMapper mapper, String json, Class<T> type, String invalid) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(invalid + ": " + e.getOriginalMessage(), e);
        }
    }
}
