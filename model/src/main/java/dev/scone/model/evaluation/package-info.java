/**
 * Measuring trained models the way they are served: a model opened with its precomputed f-gram
 * table, documents scored through that table over the serving context windows, and per-corpus
 * token-level perplexity of several models compared in a Markdown, CSV, JSON and PNG report.
 */
package dev.scone.model.evaluation;
