package dev.scone.model.table;

/**
 * The f-gram embedding table F: for each f-gram, the vector the f-gram model produced for it,
 * stored as bf16. At inference a position whose longest match is an f-gram takes that vector in
 * place of its token embedding, so the table is only ever looked up.
 *
 * <p>The f-gram to look up is given as a slice of a token array, so that the matching loop can
 * probe the suffixes of a sequence without copying them. Lookups are safe from many threads at
 * once.
 */
public interface FgramTable extends AutoCloseable {

    /** Values per vector. */
    int dimension();

    /** Number of f-grams held. */
    long size();

    /** Version of the table's content, recorded with every result computed from it. */
    String version();

    /** Version of the model whose f-gram model produced the vectors. */
    String modelVersion();

    /**
     * Looks up the f-gram {@code tokens[from .. from+length)}.
     *
     * @return true after writing its {@link #dimension()} values to {@code out[outOffset..]}, or
     *     false, leaving {@code out} untouched, when the table does not hold it
     */
    boolean lookup(int[] tokens, int from, int length, float[] out, int outOffset);

    /**
     * Like {@link #lookup(int[], int, int, float[], int)}, but copies the stored bf16 bits, for
     * callers that keep vectors in bf16.
     */
    boolean lookupBf16(int[] tokens, int from, int length, short[] out, int outOffset);

    /** Whether the table holds the f-gram {@code tokens[from .. from+length)}. */
    boolean contains(int[] tokens, int from, int length);

    /**
     * Passes every entry to {@code consumer}, in no particular order, as of one consistent view of
     * the table. The consumer must not change this table.
     */
    <E extends Exception> void forEach(FgramEntryConsumer<E> consumer) throws E;

    /** Releases the table's memory or files; lookups must have stopped. */
    @Override
    void close();
}
