package dev.scone.flink.discovery;

import java.util.Arrays;

/**
 * What the counter tells the table keeper about one n-gram: that it reached the admission count
 * ({@link #ADMIT}; the embedder then adds its A_F vector) or that a discovered f-gram is still in
 * use ({@link #HEAT}). Either carries the decayed count at a record time, from which the keeper
 * ranks discovered f-grams by how cold they are.
 */
public class DiscoveryEvent {

    public static final byte ADMIT = 1;
    public static final byte HEAT = 2;

    public byte kind;
    public int[] tokens;
    public double count;
    public long timeMillis;

    /** bf16 little-endian A_F embedding; set by the embedder on {@link #ADMIT} events. */
    public byte[] vector;

    public DiscoveryEvent() {}

    public DiscoveryEvent(byte kind, int[] tokens, double count, long timeMillis) {
        this.kind = kind;
        this.tokens = tokens;
        this.count = count;
        this.timeMillis = timeMillis;
    }

    public boolean isAdmission() {
        return kind == ADMIT;
    }

    @Override
    public String toString() {
        return (kind == ADMIT ? "ADMIT" : "HEAT")
                + Arrays.toString(tokens)
                + " count="
                + count
                + " @"
                + timeMillis
                + (vector == null ? "" : ", embedded");
    }
}
