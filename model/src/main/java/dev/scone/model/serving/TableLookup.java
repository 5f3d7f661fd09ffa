package dev.scone.model.serving;

import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.matching.ProbeDown;
import dev.scone.model.nn.FgramLookup;
import dev.scone.model.table.FgramTable;

/**
 * Longest match against an f-gram table: {@link ProbeDown} from the longest length worth trying,
 * which stays right for a replica whose replayed changelog briefly holds an f-gram without its
 * suffix. Without a vocabulary every length from K (or the context available) is worth trying;
 * {@link #guidedBy} lets the vocabulary's longest match say where to start, so a table that lags
 * behind it (a replica catching up) falls back to the longest shorter suffix it holds.
 */
public final class TableLookup implements FgramLookup {

    /** The longest f-gram that can end at {@code end}, before the table is asked. */
    @FunctionalInterface
    private interface LongestCandidate {
        int at(int[] tokens, int end);
    }

    private final FgramTable table;
    private final LongestCandidate longest;

    public TableLookup(FgramTable table, int maxFgramLength) {
        this(table, (tokens, end) -> Math.min(maxFgramLength, end + 1));
    }

    private TableLookup(FgramTable table, LongestCandidate longest) {
        this.table = table;
        this.longest = longest;
    }

    /** The vocabulary decides the longest match, the table supplies the vector. */
    public static TableLookup guidedBy(LongestMatcher matcher, FgramTable table) {
        return new TableLookup(table, matcher::longestEndingAt);
    }

    @Override
    public int dimension() {
        return table.dimension();
    }

    @Override
    public int longestMatch(int[] tokens, int end, float[] out) {
        return ProbeDown.longestHeld(
                longest.at(tokens, end),
                length -> table.lookup(tokens, end - length + 1, length, out, 0));
    }
}
