/**
 * First steps of a document through the service: decoding and validating records (bad ones become
 * dead letters), GPT-2 tokenization, and fanning out one f-gram lookup per position.
 */
package dev.scone.flink.service.ingest;
