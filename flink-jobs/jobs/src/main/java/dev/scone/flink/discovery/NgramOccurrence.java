package dev.scone.flink.discovery;

import java.util.Arrays;

/**
 * One occurrence of an n-gram in a document, as the fanout sends it to the counter: the tokens, the
 * document's record time (counts decay in that time, so a replay decays them the same way) and
 * whether the n-gram is a discovered entry of the table already (then it only keeps its heat up).
 */
public class NgramOccurrence {

    public int[] tokens;
    public long timeMillis;
    public boolean discovered;

    public NgramOccurrence() {}

    public NgramOccurrence(int[] tokens, long timeMillis, boolean discovered) {
        this.tokens = tokens;
        this.timeMillis = timeMillis;
        this.discovered = discovered;
    }

    @Override
    public String toString() {
        return "NgramOccurrence{"
                + Arrays.toString(tokens)
                + " @"
                + timeMillis
                + (discovered ? ", discovered" : "")
                + "}";
    }
}
