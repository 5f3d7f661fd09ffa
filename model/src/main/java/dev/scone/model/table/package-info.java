/**
 * Embedding tables: the f-gram table F that maps an f-gram to its precomputed bf16 vector, in two
 * interchangeable stores (a dense in-memory matrix with a hash index, and RocksDB for tables larger
 * than the heap), the bfloat16 conversions they share, and the binary table file used to save, load
 * and publish a table.
 */
package dev.scone.model.table;
