package dev.scone.model.serving;

import dev.scone.model.nn.FgramLookup;
import dev.scone.model.table.FgramTable;

/**
 * Longest match straight against an f-gram table, with no vocabulary: probes lengths from K (or the
 * context available) down to 2 and takes the first hit. Probing downwards is right whether or not
 * the table is suffix-closed, which matters for a replica that follows a changelog (a replayed log
 * can briefly hold an f-gram without its suffix). At most K - 1 probes per token.
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
        for (int length = Math.min(maxFgramLength, end + 1); length >= 2; length--) {
            if (table.lookup(tokens, end - length + 1, length, out, 0)) {
                return length;
            }
        }
        return 0;
    }
}
