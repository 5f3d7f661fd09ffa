/**
 * Flink clusters of the command line: the in-process MiniCluster of {@code scone serve} and {@code
 * scone demo} ({@link dev.scone.cli.cluster.InProcessCluster}), submission of the service job to a
 * cluster through Flink's REST API ({@link dev.scone.cli.cluster.RemoteSubmission}), and a real
 * multi-process Flink session cluster on this machine — a JobManager, TaskManagers and a Kafka
 * broker as separate JVMs started from the project's own jars, with their configuration, logs and
 * pid files under one directory — which {@code scone cluster} manages and the failover tests kill
 * and restart.
 */
package dev.scone.cli.cluster;
