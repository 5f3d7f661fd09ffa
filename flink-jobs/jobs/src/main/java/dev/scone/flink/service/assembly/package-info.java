/**
 * Re-assembly of a document from the matches of its positions, which arrive from many subtasks in
 * any order, bounded by a timer.
 */
package dev.scone.flink.service.assembly;
