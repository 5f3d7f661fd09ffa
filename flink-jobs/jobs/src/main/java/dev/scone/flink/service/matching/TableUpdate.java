package dev.scone.flink.service.matching;

/** A validated change to the f-gram table: an entry to put, or (vector == null) to delete. */
public class TableUpdate {

    public int[] tokens;

    /** dim bfloat16 values, little-endian; null deletes the f-gram. */
    public byte[] vector;

    public String tableVersion;

    public TableUpdate() {}

    public TableUpdate(int[] tokens, byte[] vector, String tableVersion) {
        this.tokens = tokens;
        this.vector = vector;
        this.tableVersion = tableVersion;
    }

    public boolean isDelete() {
        return vector == null;
    }

    public long bigram() {
        return BigramKey.ofFgram(tokens);
    }
}
