/**
 * F-grams: token n-grams of length 2..K packed into primitive keys, the hash index from f-gram to
 * row, and the f-gram vocabulary V_f with its file format and selection rules.
 */
package dev.scone.model.fgram;
