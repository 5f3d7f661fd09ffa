/**
 * A single-node KRaft Kafka broker that runs from the project's own jars, for {@code scone broker},
 * {@code scone demo}, the multi-process cluster and the integration tests; plain, or secured as
 * production clusters are (SASL_SSL with SCRAM users, a self-signed certificate, ACLs).
 */
package dev.scone.broker;
