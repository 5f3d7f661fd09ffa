/**
 * Integration tests of the local Kafka broker and the Kafka command-line tools against a real
 * single-node KRaft broker on 127.0.0.1: topic creation, Avro documents produced and read back,
 * data surviving a broker restart.
 */
package dev.scone.tests.kafka;
