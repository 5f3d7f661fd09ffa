/**
 * Kafka clients of the jobs: client properties loaded from a user file with secrets kept out of
 * logs and messages, the preflight that checks authentication, topics and ACLs before anything is
 * sent or submitted (with one sentence per failure), the creation of the SCONE topics, plain byte
 * consumers and producers, and the publisher that writes a table to the changelog topic. The topic
 * contract itself (names, JSON form, document rules) is in {@code dev.scone.schemas.topic}.
 */
package dev.scone.kafka;
