package dev.scone.flink.discovery;

/**
 * A discovered f-gram as the table keeper holds it: its tokens, how warm it is, and whether this
 * job admitted it (rather than learning it from the changelog, as a restarted job does).
 */
public class DiscoveredEntry {

    public int[] tokens;

    /**
     * log2 of its decayed count plus its record time in half-lives: ordering entries by score
     * orders them by their decayed counts at any one moment, without updating every entry as time
     * passes.
     */
    public double score;

    public boolean admittedHere;

    public DiscoveredEntry() {}

    DiscoveredEntry(int[] tokens, double score, boolean admittedHere) {
        this.tokens = tokens;
        this.score = score;
        this.admittedHere = admittedHere;
    }
}
