/**
 * The service's settings, one immutable record per stage: each operator is handed only the record
 * of its own stage, and each default is written once, as a constant here that the command line's
 * options take their defaults from.
 */
package dev.scone.flink.service.settings;
