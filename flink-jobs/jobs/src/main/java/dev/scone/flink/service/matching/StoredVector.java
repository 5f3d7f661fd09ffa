package dev.scone.flink.service.matching;

/** One f-gram's entry in keyed state: its vector and the table version that wrote it. */
public class StoredVector {

    public byte[] vector;
    public String tableVersion;
    public long appliedAt;

    public StoredVector() {}

    public StoredVector(byte[] vector, String tableVersion, long appliedAt) {
        this.vector = vector;
        this.tableVersion = tableVersion;
        this.appliedAt = appliedAt;
    }
}
