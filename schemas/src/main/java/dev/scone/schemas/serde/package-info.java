/**
 * Wire formats of the Kafka topics. Values are Avro records in Avro's single-object encoding (the
 * two bytes {@code C3 01}, the writer schema's 8-byte CRC-64-AVRO fingerprint, then the binary
 * body), so a reader needs no schema registry: it recognises the writer schema by its fingerprint
 * among the current schema and the older versions shipped as resources under {@code
 * dev/scone/schemas/history/}, named {@code <Record>-v<N>.avsc} and numbered from 0 without gaps,
 * and resolves the record to the current generated class of package {@code dev.scone.schemas}. The
 * key of the compacted f-gram table topic is the f-gram's token ids as big-endian 32-bit integers.
 */
package dev.scone.schemas.serde;
