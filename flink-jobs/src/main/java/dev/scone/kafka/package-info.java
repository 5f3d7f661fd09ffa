/**
 * Kafka for SCONE Stream: a single-node KRaft broker that runs from the project's own jars (for
 * {@code scone broker}, demos and integration tests), the topic contract ({@link
 * dev.scone.kafka.SconeTopics}), client properties loaded from a user file with secrets kept out of
 * logs, and the JSON form of the topic records used by the command line and the streaming job's
 * JSON input format.
 */
package dev.scone.kafka;
