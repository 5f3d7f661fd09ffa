/**
 * The streaming service: SconeServiceJob assembles the dataflow from Kafka documents to results;
 * this package holds the job, its one typed configuration, and the records that travel between its
 * operators.
 */
package dev.scone.flink.service;
