package dev.scone.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Older versions of the topic schemas, shipped as resources so that records producers wrote before
 * a schema change still decode. A version is {@code dev/scone/schemas/history/<Record>-v<N>.avsc};
 * versions are numbered from 0 and the first missing number ends the history, so adding a version
 * is dropping in the next file.
 */
public final class SchemaHistory {

    static final String FOLDER = "/dev/scone/schemas/history/";

    private SchemaHistory() {}

    /**
     * Returns the older versions of {@code current}, oldest first, after checking that each can be
     * resolved to {@code current}.
     *
     * @throws IllegalStateException if a shipped version names another record or cannot be read as
     *     {@code current}
     */
    public static List<Schema> olderVersionsOf(Schema current) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 0; ; version++) {
            String resource = resourceName(current, version);
            Schema older = load(resource);
            if (older == null) {
                return List.copyOf(versions);
            }
            requireResolvable(resource, older, current);
            versions.add(older);
        }
    }

    static String resourceName(Schema current, int version) {
        return FOLDER + current.getName() + "-v" + version + ".avsc";
    }

    private static Schema load(String resource) {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            // A fresh parser per file: two versions define the same names.
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the schema resource " + resource + ".", e);
        }
    }

    private static void requireResolvable(String resource, Schema older, Schema current) {
        if (!older.getFullName().equals(current.getFullName())) {
            throw new IllegalStateException(
                    String.format(
                            "The schema resource %s defines %s instead of %s.",
                            resource, older.getFullName(), current.getFullName()));
        }
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(current, older);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            throw new IllegalStateException(
                    String.format(
                            "Records written with the schema resource %s cannot be read as the"
                                    + " current %s: %s.",
                            resource, current.getName(), compatibility.getDescription()));
        }
    }
}
