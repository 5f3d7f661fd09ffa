/**
 * The {@code scone} command line: picocli commands that wire model and Flink code to files,
 * standard input and output, and Kafka. Commands parse and validate options, print one clear
 * sentence for user errors, and leave the work to the job and model packages.
 */
package dev.scone.cli;
