/**
 * Tests of the deployment artifacts that cannot run here (no Docker engine, no Kubernetes):
 * docker-compose.yml, the manifests under k8s/ and the shaded job jar are read and checked against
 * what the job really reads — its option names, topic names and main class, the Flink and Kafka
 * versions of this build, and the Flink configuration keys Flink 2.2 knows.
 */
package dev.scone.tests.deploy;
