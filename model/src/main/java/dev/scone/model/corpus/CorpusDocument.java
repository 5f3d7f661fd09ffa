package dev.scone.model.corpus;

import java.util.Objects;

/**
 * One document of a raw corpus before splitting.
 *
 * @param id stable identifier, unique within its corpus, such as {@code ca01} or {@code
 *     computers:0017}
 * @param text the document in corpus-file form: no blank lines, no trailing spaces
 */
public record CorpusDocument(String id, String text) {

    public CorpusDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }
}
