package dev.scone.model.table;

/**
 * Receives the entries of a table, one f-gram and its vector at a time. Both arrays are new for
 * every call, so the consumer may keep them.
 *
 * @param <E> the checked exception the consumer may throw, such as an {@code IOException} when it
 *     writes the entries somewhere
 */
@FunctionalInterface
public interface FgramEntryConsumer<E extends Exception> {

    /**
     * Takes one entry.
     *
     * @param gram the f-gram's token ids
     * @param vector its embedding as bf16 bits, {@code dimension} values
     */
    void accept(int[] gram, short[] vector) throws E;
}
