/**
 * Benchmarks of SCONE Stream's hot paths, run by {@code scone bench}: JMH suites for the tokenizer,
 * longest f-gram matching and the embedding table stores, each in one forked JVM and reported as
 * ratios measured side by side, plus the vocabulary job's wall time and peak memory; results print
 * as a table and can refresh their section of {@code docs/benchmarks.md}.
 */
package dev.scone.bench;
