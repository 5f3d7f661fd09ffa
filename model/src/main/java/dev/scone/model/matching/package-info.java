/**
 * Longest match, the paper's rule for which embedding a position gets: the longest f-gram (length
 * 2..K) that ends at the position, or none, in which case the ordinary token embedding is used.
 */
package dev.scone.model.matching;
