/**
 * Kafka edges of the service: raw record deserialization (decoding happens in operators so failures
 * become dead letters) and result and dead-letter serialization.
 */
package dev.scone.flink.service.kafka;
