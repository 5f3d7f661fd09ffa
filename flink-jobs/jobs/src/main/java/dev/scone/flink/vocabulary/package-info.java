/**
 * The f-gram vocabulary job: counts token n-grams of length 2..K over a corpus pass by pass with
 * Apriori pruning, ranks the frequent ones and writes the top S as an f-gram vocabulary file with a
 * summary. {@link dev.scone.flink.vocabulary.FgramVocabularyJob} assembles the Flink pipeline and
 * runs it; the other classes are its operators and the client-side output.
 */
package dev.scone.flink.vocabulary;
