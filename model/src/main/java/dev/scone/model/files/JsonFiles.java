package dev.scone.model.files;

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
}
