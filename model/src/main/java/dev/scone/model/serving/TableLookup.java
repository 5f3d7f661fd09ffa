package dev.scone.model.serving;

import dev.scone.model.matching.ProbeDown;
import dev.scone.model.nn.FgramLookup;
import dev.scone.model.table.FgramTable;

/**
 * Longest match straight against an f-gram table, with no vocabulary: {@link ProbeDown} from K (or
 * the context available), which stays right for a replica whose replayed changelog briefly holds an
 * f-gram without its suffix.
 */
public final class TableLookup implements FgramLookup {

    private final FgramTable table;
    private final int maxFgramLength;

    public TableLookup(FgramTable table, int maxFgramLength) {
        this.table = table;
        this.maxFgramLength = maxFgramLength;
    }

    @Override
    public int dimension() {
        return table.dimension();
    }

    @Override
    public int longestMatch(int[] tokens, int end, float[] out) {
        return ProbeDown.longestHeld(
                Math.min(maxFgramLength, end + 1),
                length -> table.lookup(tokens, end - length + 1, length, out, 0));
    }
}
