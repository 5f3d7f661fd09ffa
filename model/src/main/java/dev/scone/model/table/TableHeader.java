package dev.scone.model.table;

/**
 * What a table file says about itself before its data: enough to check that a table fits the model
 * and vocabulary in use without reading the table.
 *
 * @param formatVersion version of the file layout
 * @param dimension values per vector
 * @param count number of f-grams
 * @param modelVersion version of the model the vectors came from
 * @param tableVersion version of the table's content
 * @param vocabularyFingerprint fingerprint of the f-gram vocabulary the table was built for, or
 *     empty when unknown
 * @param headerLength bytes before the keys section
 */
public record TableHeader(
        int formatVersion,
        int dimension,
        long count,
        String modelVersion,
        String tableVersion,
        String vocabularyFingerprint,
        long headerLength) {

    /** Where the keys start: {@code count} packed keys, two little-endian longs each. */
    public long keysOffset() {
        return headerLength;
    }

    /**
     * Where the bf16 matrix starts: {@code count} rows of {@code dimension} little-endian values.
     */
    public long matrixOffset() {
        return headerLength + count * PackedKeys.BYTES;
    }

    /** Length of a complete file with this header. */
    public long fileLength() {
        return matrixOffset() + count * dimension * Bf16.BYTES;
    }
}
