/** The scone model provider under Flink SQL: ML_PREDICT results, generation and validation. */
package dev.scone.tests.sql;
