package dev.scone.schemas.serde;

import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes records of one generated Avro class in Avro's single-object encoding and decodes them
 * back, also when they were written with an older version of the schema (see {@link
 * SchemaHistory}). Instances are thread-safe and serializable, so a Flink function can hold one.
 *
 * @param <T> the generated record class
 */
public final class SingleObjectCodec<T extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Two marker bytes and the 8-byte little-endian fingerprint of the writer schema. */
    public static final int HEADER_LENGTH = 10;

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;

    private final Class<T> recordClass;
    private final transient Schema schema;
    private final transient Set<Long> knownFingerprints;
    private final transient BinaryMessageEncoder<T> encoder;
    private final transient BinaryMessageDecoder<T> decoder;

    private SingleObjectCodec(Class<T> recordClass) {
        this.recordClass = recordClass;
        SpecificData model = SpecificData.getForClass(recordClass);
        this.schema = model.getSchema(recordClass);
        SchemaStore.Cache olderVersions = new SchemaStore.Cache();
        Set<Long> fingerprints = new LinkedHashSet<>();
        fingerprints.add(SchemaNormalization.parsingFingerprint64(schema));
        for (Schema older : SchemaHistory.olderVersionsOf(schema)) {
            olderVersions.addSchema(older);
            fingerprints.add(SchemaNormalization.parsingFingerprint64(older));
        }
        this.knownFingerprints = Set.copyOf(fingerprints);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, olderVersions);
    }

    /** A codec for records of {@code recordClass}, a class generated from an Avro schema. */
    public static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> recordClass) {
        return new SingleObjectCodec<>(Objects.requireNonNull(recordClass, "recordClass"));
    }

    /** Values of topic scone.documents. */
    public static SingleObjectCodec<Document> documents() {
        return of(Document.class);
    }

    /** Values of topic scone.results. */
    public static SingleObjectCodec<Result> results() {
        return of(Result.class);
    }

    /** Values of the compacted topic scone.fgram-table. */
    public static SingleObjectCodec<FgramEntry> fgramEntries() {
        return of(FgramEntry.class);
    }

    /** Values of topic scone.dlq. */
    public static SingleObjectCodec<DeadLetter> deadLetters() {
        return of(DeadLetter.class);
    }

    /** The current schema, the one records are written with and resolved to. */
    public Schema schema() {
        return schema;
    }

    /** Fingerprints of every writer schema this codec can read: the current one and its history. */
    public Set<Long> knownFingerprints() {
        return knownFingerprints;
    }

    /**
     * Encodes {@code record} with the current schema.
     *
     * @throws IllegalArgumentException if the record breaks its schema, such as a required field
     *     left null
     */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            encoder.encode(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "The %s cannot be encoded because it does not fit its schema (%s).",
                            schema.getName(), e.getMessage()),
                    e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes one single-object encoded record, resolving an older writer schema to the current
     * one: fields it lacks take their defaults.
     *
     * @throws RecordDecodingException if the bytes are not single-object encoded, were written with
     *     a schema this codec does not know, or are cut short or corrupt
     */
    public T decode(byte[] message) {
        Objects.requireNonNull(message, "message");
        String name = schema.getName();
        if (message.length < HEADER_LENGTH) {
            throw new RecordDecodingException(
                    String.format(
                            "The %d-byte message is too short to be an Avro single-object encoded"
                                    + " %s, which starts with a %d-byte header.",
                            message.length, name, HEADER_LENGTH));
        }
        if (message[0] != MARKER_0 || message[1] != MARKER_1) {
            throw new RecordDecodingException(
                    String.format(
                            "The message is not an Avro single-object encoded %s: it starts with"
                                    + " 0x%02X 0x%02X instead of 0xC3 0x01.",
                            name, message[0], message[1]));
        }
        long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (!knownFingerprints.contains(fingerprint)) {
            throw unknownSchema(fingerprint, null);
        }
        ByteArrayInputStream in = new ByteArrayInputStream(message);
        T record;
        try {
            record = decoder.decode(in, null);
        } catch (MissingSchemaException e) {
            throw unknownSchema(fingerprint, e);
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodingException(
                    String.format(
                            "The %s message is truncated or corrupt after its header (%s).",
                            name, rootCauseMessage(e)),
                    e);
        }
        if (in.available() > 0) {
            throw new RecordDecodingException(
                    String.format(
                            "The %s message is corrupt: %d bytes follow the end of the record.",
                            name, in.available()));
        }
        return record;
    }

    private RecordDecodingException unknownSchema(long fingerprint, Throwable cause) {
        return new RecordDecodingException(
                String.format(
                        "The %s was written with a schema this reader does not know"
                                + " (fingerprint 0x%016X).",
                        schema.getName(), fingerprint),
                cause);
    }

    private static String rootCauseMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage();
        return detail == null ? root.getClass().getSimpleName() : detail;
    }

    /** Rebuilds the Avro machinery, which is not serializable, on the receiving side. */
    private Object readResolve() {
        return new SingleObjectCodec<>(recordClass);
    }
}
