/**
 * Longest f-gram matching against the embedding table held in keyed state, partitioned by the
 * bigram every candidate f-gram ends with.
 */
package dev.scone.flink.service.matching;
