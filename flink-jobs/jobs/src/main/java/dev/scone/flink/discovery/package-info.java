/**
 * Live f-gram discovery ({@code scone discover}): a Flink job of its own that reads the documents
 * topic, counts token n-grams of length 2..K in bounded keyed state with Apriori pruning against
 * the live table, embeds n-grams that become frequent with the model's A_F and publishes them to
 * the compacted table topic, and deletes cold discovered f-grams so the table stays within a bound.
 * {@link dev.scone.flink.discovery.FgramDiscoveryJob} assembles the dataflow, in this order:
 *
 * <pre>
 *   documents -> DocumentParser -> DocumentTokenizer.wholeText()
 *             -> NgramFanout (Apriori against the table, broadcast)   <- table changelog
 *             -> keyBy(n-gram) NgramCounter (decayed counts, admission) <- table changelog
 *             -> FgramEmbedder (A_F, batched)
 *             -> DiscoveredTable (bound and expiry, parallelism 1)     <- table changelog
 *             -> table topic (transactional)
 * </pre>
 */
package dev.scone.flink.discovery;
