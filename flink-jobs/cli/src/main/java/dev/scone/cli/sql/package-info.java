/**
 * {@code scone sql}: a file of SQL statements run one after another on a Flink table environment,
 * and the rows of its queries printed as JSON lines or an aligned table.
 */
package dev.scone.cli.sql;
