package dev.scone.flink.discovery;

import java.util.Arrays;

/** One record for the table topic: an upsert of a discovered f-gram, or a tombstone. */
public class TableWrite {

    public int[] tokens;

    /** dim bf16 values, little-endian; null writes a tombstone. */
    public byte[] vector;

    public TableWrite() {}

    public TableWrite(int[] tokens, byte[] vector) {
        this.tokens = tokens;
        this.vector = vector;
    }

    public boolean isTombstone() {
        return vector == null;
    }

    @Override
    public String toString() {
        return (vector == null ? "DELETE" : "PUT") + Arrays.toString(tokens);
    }
}
