package dev.scone.schemas.serde;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Kafka record key of topic scone.fgram-table: the f-gram's token ids, in order, each as a
 * 4-byte big-endian two's-complement integer, and nothing else. An f-gram of n tokens has a 4n-byte
 * key, so equal f-grams have equal keys and log compaction keeps one entry per f-gram.
 */
public final class FgramKeyCodec {

    private FgramKeyCodec() {}

    /** Encodes an f-gram's token ids as its record key. */
    public static byte[] encode(int[] tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (tokens.length == 0) {
            throw new IllegalArgumentException("An f-gram key needs at least one token id.");
        }
        ByteBuffer key = ByteBuffer.allocate(Integer.BYTES * tokens.length);
        for (int token : tokens) {
            key.putInt(token);
        }
        return key.array();
    }

    /**
     * Decodes a record key back into the f-gram's token ids.
     *
     * @throws RecordDecodingException if the key is empty or its length is not a multiple of 4
     */
    public static int[] decode(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0 || key.length % Integer.BYTES != 0) {
            throw new RecordDecodingException(
                    String.format(
                            "An f-gram key must hold whole 4-byte token ids, but it has %d bytes.",
                            key.length));
        }
        ByteBuffer buffer = ByteBuffer.wrap(key);
        int[] tokens = new int[key.length / Integer.BYTES];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = buffer.getInt();
        }
        return tokens;
    }
}
