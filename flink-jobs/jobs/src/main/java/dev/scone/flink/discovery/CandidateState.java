package dev.scone.flink.discovery;

/**
 * The counter's state of one n-gram: whether it is a candidate, a discovered entry or an entry of
 * the shipped table, and for the first two its decayed count.
 */
public class CandidateState {

    public static final byte CANDIDATE = 0;
    public static final byte DISCOVERED = 1;
    public static final byte SHIPPED = 2;

    public byte status;

    /** Decayed count as of {@link #lastMillis} (record time). */
    public double count;

    public long lastMillis;

    /** Processing time of the latest occurrence, for dropping candidates that went unseen. */
    public long lastSeenAt;

    /** Processing time of the pending clean-up timer, 0 when none. */
    public long timerAt;

    /** Occurrences of a discovered entry since it last reported its heat. */
    public int sinceReport;

    public CandidateState() {}

    CandidateState(byte status) {
        this.status = status;
    }
}
