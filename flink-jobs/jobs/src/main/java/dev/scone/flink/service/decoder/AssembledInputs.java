package dev.scone.flink.service.decoder;

import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.model.nn.FgramLookup;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.table.Bf16;

/** Turns an assembled document's matches into the model's per-position inputs. */
final class AssembledInputs {

    private AssembledInputs() {}

    /** The document's SCONE inputs: f-gram vectors at matched positions, tokens elsewhere. */
    static SequenceInput of(AssembledDocument document, int dimension) {
        int n = document.request.tokens.length;
        float[][] vectors = new float[n][];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            if (document.matchLengths[i] > 0) {
                vectors[i] = new float[dimension];
                Bf16.decodeToFloat(document.vectors, offset, vectors[i], 0, dimension);
                offset += 2 * dimension;
            }
        }
        if (offset != document.vectors.length) {
            throw new IllegalArgumentException(
                    "The document carries "
                            + document.vectors.length
                            + " bytes of f-gram vectors; its matches need "
                            + offset
                            + ".");
        }
        return new SequenceInput(document.request.tokens, document.matchLengths.clone(), vectors);
    }

    /**
     * Lookups for generation: prompt positions answer from the keyed-state matches the document
     * brought along, generated positions from the replica.
     */
    static FgramLookup promptThenReplica(SequenceInput prompt, FgramLookup replica, int dimension) {
        return new FgramLookup() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public int longestMatch(int[] tokens, int end, float[] out) {
                if (end < prompt.tokens().length) {
                    int length = prompt.matchLengths()[end];
                    if (length > 0) {
                        System.arraycopy(prompt.fgramVectors()[end], 0, out, 0, dimension);
                    }
                    return length;
                }
                return replica == null ? 0 : replica.longestMatch(tokens, end, out);
            }
        };
    }
}
