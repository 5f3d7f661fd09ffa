package dev.scone.model.corpus;

import java.util.List;

/**
 * What one corpus file of a split holds.
 *
 * @param file path of the corpus file relative to the prepared directory, with {@code /}
 * @param documents number of documents in the file
 * @param characters Unicode code points of all documents, separators not counted
 * @param sha256 hex SHA-256 of the file's bytes
 * @param documentIds ids of the documents, in file order
 */
public record SplitManifest(
        String file, int documents, long characters, String sha256, List<String> documentIds) {

    public SplitManifest {
        documentIds = List.copyOf(documentIds);
    }
}
