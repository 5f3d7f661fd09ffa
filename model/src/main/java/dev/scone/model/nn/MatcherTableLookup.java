package dev.scone.model.nn;

import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.matching.ProbeDown;
import dev.scone.model.table.FgramTable;

/**
 * The inference-time input lookup: the f-gram vocabulary decides the longest match, the table
 * supplies its vector. Should the table not (yet) hold the matched f-gram, as a replica catching up
 * on its changelog may not, the longest shorter suffix it does hold is used instead, and a position
 * with none falls back to the token embedding.
 */
public final class MatcherTableLookup implements FgramLookup {

    private final LongestMatcher matcher;
    private final FgramTable table;

    public MatcherTableLookup(LongestMatcher matcher, FgramTable table) {
        this.matcher = matcher;
        this.table = table;
    }

    @Override
    public int dimension() {
        return table.dimension();
    }

    @Override
    public int longestMatch(int[] tokens, int end, float[] out) {
        return ProbeDown.longestHeld(
                matcher.longestEndingAt(tokens, end),
                length -> table.lookup(tokens, end - length + 1, length, out, 0));
    }
}
