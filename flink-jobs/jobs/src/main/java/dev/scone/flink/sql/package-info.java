/**
 * SCONE as a Flink SQL model provider: {@code CREATE MODEL ... WITH ('provider' = 'scone')} and
 * {@code ML_PREDICT}. The provider checks the model's options and schemas when a query is planned
 * and runs the served model in each task behind an asynchronous predict function, whose rows the
 * streaming decoder's micro-batcher groups into batches. Each task holds its own copy of the f-gram
 * table: loaded from a table file, or a replica that follows the compacted table topic.
 */
package dev.scone.flink.sql;
