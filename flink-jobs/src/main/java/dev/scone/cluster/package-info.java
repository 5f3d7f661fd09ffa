/**
 * SCONE Stream beyond one JVM: the entry point a Flink cluster runs the service from ({@link
 * dev.scone.cluster.ServiceJobMain}), submission of that job to a cluster through Flink's REST API
 * ({@link dev.scone.cluster.RemoteSubmission}), and a real multi-process Flink session cluster on
 * this machine — a JobManager, TaskManagers and a Kafka broker as separate JVMs started from the
 * project's own jars, with their configuration, logs and pid files under one directory — which
 * {@code scone cluster} manages and the failover tests kill and restart.
 */
package dev.scone.cluster;
