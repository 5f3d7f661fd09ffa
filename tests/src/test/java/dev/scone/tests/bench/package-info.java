/**
 * End-to-end runs of {@code scone bench} suites in their quick mode, which check that a suite runs
 * to a complete report on this machine; the numbers themselves are checked in docs/benchmarks.md,
 * never here.
 */
package dev.scone.tests.bench;
