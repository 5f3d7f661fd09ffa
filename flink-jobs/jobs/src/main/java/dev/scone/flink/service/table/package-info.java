/**
 * The f-gram table changelog: validation of its records and the decoders' read replicas
 * materialised from it.
 */
package dev.scone.flink.service.table;
