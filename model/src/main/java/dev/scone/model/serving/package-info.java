/**
 * Serving SCONE after training: documents of any length scored over context windows, f-gram lookups
 * against a precomputed table, the table exported from A_F, and the shipped models. The offline
 * commands and the streaming decoder both go through here, so they score alike.
 */
package dev.scone.model.serving;
