/**
 * The decoder: the served SCONE model behind Flink async I/O with dynamic micro-batching, for
 * scoring and generation.
 */
package dev.scone.flink.service.decoder;
