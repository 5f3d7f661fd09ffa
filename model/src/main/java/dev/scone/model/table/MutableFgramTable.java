package dev.scone.model.table;

/**
 * A table that follows the compacted changelog of f-gram entries: an entry adds or replaces an
 * f-gram's vector, a tombstone removes it. Writes may run while other threads look up.
 */
public interface MutableFgramTable extends FgramTable {

    /**
     * Adds the f-gram or replaces its vector.
     *
     * @param gram 1 to 5 token ids
     * @param bf16Vector {@link #dimension()} bf16 values; copied
     * @throws IllegalArgumentException when the f-gram cannot be packed or the vector has the wrong
     *     length
     */
    void put(int[] gram, short[] bf16Vector);

    /** Adds the f-gram or replaces its vector, rounding {@code vector} to bf16. */
    default void put(int[] gram, float[] vector) {
        put(gram, Bf16.toBf16(vector));
    }

    /**
     * Removes the f-gram.
     *
     * @return whether the table held it
     */
    boolean remove(int[] gram);

    /** Records the version of the table's content, such as the changelog offset it reached. */
    void setVersion(String version);
}
