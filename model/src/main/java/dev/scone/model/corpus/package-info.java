/**
 * The text corpora the model trains and is evaluated on: the tagged Brown corpus (one document per
 * sample, one corpus per genre), the Debian fortune cookies (one document per fortune), the US
 * State of the Union addresses (one document per address) and Jane Austen's novels (one document
 * per chapter, read from the R package's lazy-load database by {@link
 * dev.scone.model.corpus.RLazyLoadDatabase}), read from the raw folders that
 * scripts/fetch-corpora.sh fills, turned into plain UTF-8 text and split deterministically, per
 * document, into train, validation and test files. A corpus file holds documents separated by one
 * blank line and no blank line inside a document, which {@link
 * dev.scone.model.corpus.CorpusDocuments} reads back.
 */
package dev.scone.model.corpus;
