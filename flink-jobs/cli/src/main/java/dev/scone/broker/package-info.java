/**
 * A single-node KRaft Kafka broker that runs from the project's own jars, for {@code scone broker},
 * {@code scone demo}, the multi-process cluster and the integration tests.
 */
package dev.scone.broker;
