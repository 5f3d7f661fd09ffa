/**
 * System tests of the service on a real multi-process Flink session cluster (a JobManager and
 * TaskManagers as separate JVMs, a Kafka broker in its own JVM): a TaskManager killed with SIGKILL
 * mid-stream, a savepoint resumed at another parallelism, a broker restarted mid-stream — each
 * checked for exactly one correct result per document — plus the {@code scone cluster} command and
 * the keyed-state match throughput measurement behind docs/scaling.md.
 */
package dev.scone.tests.cluster;
