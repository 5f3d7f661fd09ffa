package dev.scone.flink.service.assembly;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.model.matching.LongestMatcher;

/**
 * A document with every position's longest match: what the decoder needs to build SCONE's input
 * embeddings (the f-gram vector where one matched, the token embedding elsewhere).
 */
public class AssembledDocument {

    public DocumentRequest request;

    /** Per position, the matched f-gram length 2..K, or 0. */
    public int[] matchLengths;

    /** The matched positions' bf16 vectors, little-endian, concatenated in position order. */
    public byte[] vectors;

    /** Newest table version among the entries used (see DocumentAssembler). */
    public String tableVersion;

    public AssembledDocument() {}

    /** Positions whose input embedding comes from an f-gram. */
    public int matchedPositions() {
        return LongestMatcher.matchedPositions(matchLengths);
    }
}
