package dev.scone.model.table;

import dev.scone.model.fgram.FgramKey;
import java.util.Arrays;
import java.util.List;

/** Builds in-memory tables from vectors computed elsewhere, such as the f-gram model's output. */
public final class FgramTables {

    private FgramTables() {}

    /**
     * Checks an entry before a table stores it: an f-gram a key can hold and a vector of the
     * table's dimension.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static void checkEntry(int[] gram, short[] bf16Vector, int dimension) {
        FgramKey.validate(gram);
        if (bf16Vector.length != dimension) {
            throw new IllegalArgumentException(
                    "The vector has "
                            + bf16Vector.length
                            + " values, but the table's dimension is "
                            + dimension
                            + ".");
        }
    }

    /**
     * A table holding {@code grams.get(i)} with {@code vectors[i]}, rounded to bf16.
     *
     * @throws IllegalArgumentException when the counts or dimensions disagree, an f-gram cannot be
     *     packed, or an f-gram appears twice
     */
    public static InMemoryFgramTable bulkLoad(
            List<int[]> grams, float[][] vectors, String modelVersion, String tableVersion) {
        if (grams.size() != vectors.length) {
            throw new IllegalArgumentException(
                    "There are "
                            + grams.size()
                            + " f-grams but "
                            + vectors.length
                            + " vectors; each f-gram needs one.");
        }
        if (vectors.length == 0) {
            throw new IllegalArgumentException(
                    "A table needs at least one vector to know its dimension.");
        }
        int dimension = vectors[0].length;
        InMemoryFgramTable table =
                new InMemoryFgramTable(dimension, grams.size(), modelVersion, tableVersion);
        short[] row = new short[dimension];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dimension) {
                throw new IllegalArgumentException(
                        "Vector "
                                + i
                                + " has "
                                + vectors[i].length
                                + " values, but vector 0 has "
                                + dimension
                                + ".");
            }
            Bf16.toBf16(vectors[i], 0, row, 0, dimension);
            add(table, grams, i, row);
        }
        return table;
    }

    /**
     * A table holding {@code grams.get(i)} with row {@code i} of a row-major matrix of {@code
     * dimension} columns, rounded to bf16.
     *
     * @throws IllegalArgumentException when the matrix does not have one row per f-gram, an f-gram
     *     cannot be packed, or an f-gram appears twice
     */
    public static InMemoryFgramTable bulkLoad(
            List<int[]> grams,
            float[] matrix,
            int dimension,
            String modelVersion,
            String tableVersion) {
        if (dimension < 1 || (long) grams.size() * dimension != matrix.length) {
            throw new IllegalArgumentException(
                    "A matrix for "
                            + grams.size()
                            + " f-grams of dimension "
                            + dimension
                            + " has "
                            + (long) grams.size() * dimension
                            + " values, not "
                            + matrix.length
                            + ".");
        }
        InMemoryFgramTable table =
                new InMemoryFgramTable(dimension, grams.size(), modelVersion, tableVersion);
        short[] row = new short[dimension];
        for (int i = 0; i < grams.size(); i++) {
            Bf16.toBf16(matrix, i * dimension, row, 0, dimension);
            add(table, grams, i, row);
        }
        return table;
    }

    /** A copy of any table in memory, for example to serve a RocksDB table from RAM. */
    public static InMemoryFgramTable toInMemory(FgramTable source) {
        if (source.size() > InMemoryFgramTable.MAX_SIZE) {
            throw new IllegalArgumentException(
                    "The table holds "
                            + source.size()
                            + " f-grams, more than an in-memory table can hold ("
                            + InMemoryFgramTable.MAX_SIZE
                            + ").");
        }
        InMemoryFgramTable copy =
                new InMemoryFgramTable(
                        source.dimension(),
                        (int) source.size(),
                        source.modelVersion(),
                        source.version());
        source.forEach(copy::put);
        return copy;
    }

    private static void add(InMemoryFgramTable table, List<int[]> grams, int i, short[] row) {
        int[] gram = grams.get(i);
        int rowsBefore = table.rowCount();
        table.put(gram, row);
        if (table.rowCount() == rowsBefore) {
            throw new IllegalArgumentException(
                    "The f-gram " + Arrays.toString(gram) + " appears twice (again at " + i + ").");
        }
    }
}
