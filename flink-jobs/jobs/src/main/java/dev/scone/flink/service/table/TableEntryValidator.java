package dev.scone.flink.service.table;

import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.ServedModelInfo;
import dev.scone.flink.service.matching.BigramKey;
import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.serde.FgramKeyCodec;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The rules a table changelog record must pass before it changes any view of the table (keyed state
 * or a decoder's replica): the key must be an f-gram of 2..K token ids, the value an FgramEntry for
 * the same tokens whose vector has the served model's dimension, only finite values, and the served
 * model's version. A null value is a delete.
 */
public final class TableEntryValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int dimension;
    private final int maxFgramLength;
    private final String modelVersion;
    private transient SingleObjectCodec<FgramEntry> codec;

    /**
     * @param dimension the served model's embedding dimension
     * @param maxFgramLength the model's K
     * @param modelVersion the served model's version; entries for another model are refused
     */
    public TableEntryValidator(int dimension, int maxFgramLength, String modelVersion) {
        this.dimension = dimension;
        this.maxFgramLength = maxFgramLength;
        this.modelVersion = modelVersion;
    }

    /** The validator of the entries that {@code model} may serve. */
    public static TableEntryValidator forModel(ServedModelInfo model) {
        return new TableEntryValidator(
                model.dimension(), model.maxFgramLength(), model.modelVersion());
    }

    /**
     * Decodes and checks one changelog record.
     *
     * @throws IllegalArgumentException whose message is the reason to dead-letter it
     */
    public TableUpdate validate(RawRecord record) {
        if (codec == null) {
            codec = SingleObjectCodec.fgramEntries();
        }
        if (record.key == null) {
            throw new IllegalArgumentException("record has no key (the f-gram's token ids)");
        }
        int[] tokens = FgramKeyCodec.decode(record.key);
        if (tokens.length < 2 || tokens.length > maxFgramLength || !BigramKey.fits(tokens)) {
            throw new IllegalArgumentException(
                    "key "
                            + Arrays.toString(tokens)
                            + " is not an f-gram of 2.."
                            + maxFgramLength
                            + " tokens");
        }
        if (record.value == null) {
            return new TableUpdate(tokens, null, "");
        }
        FgramEntry entry;
        try {
            entry = codec.decode(record.value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("value is not an FgramEntry: " + e.getMessage());
        }
        int[] entryTokens = entry.getTokens().stream().mapToInt(Integer::intValue).toArray();
        if (!Arrays.equals(entryTokens, tokens)) {
            throw new IllegalArgumentException(
                    "value tokens "
                            + Arrays.toString(entryTokens)
                            + " differ from key "
                            + Arrays.toString(tokens));
        }
        if (entry.getDim() != dimension) {
            throw new IllegalArgumentException(
                    "vector dimension "
                            + entry.getDim()
                            + " differs from the model's "
                            + dimension);
        }
        ByteBuffer vector = entry.getVector();
        byte[] bytes = new byte[vector.remaining()];
        vector.duplicate().get(bytes);
        if (bytes.length != 2 * dimension) {
            throw new IllegalArgumentException(
                    "vector holds "
                            + bytes.length
                            + " bytes, a "
                            + dimension
                            + "-dim bf16 vector has "
                            + 2 * dimension);
        }
        for (int i = 0; i < bytes.length; i += 2) {
            int bits = (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8;
            if ((bits & 0x7F80) == 0x7F80) {
                throw new IllegalArgumentException(
                        "vector value " + i / 2 + " is not finite (NaN or infinity)");
            }
        }
        if (modelVersion != null
                && !modelVersion.isEmpty()
                && !entry.getModelVersion().isEmpty()
                && !modelVersion.equals(entry.getModelVersion())) {
            throw new IllegalArgumentException(
                    "entry is for model "
                            + entry.getModelVersion()
                            + ", the service runs "
                            + modelVersion);
        }
        return new TableUpdate(tokens, bytes, entry.getTableVersion());
    }
}
