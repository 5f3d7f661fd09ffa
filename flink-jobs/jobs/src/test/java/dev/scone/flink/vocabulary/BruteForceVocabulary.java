package dev.scone.flink.vocabulary;

import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramRanking;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary by definition, for tests: count every n-gram of length 2..K inside each document
 * in a hash map, keep those with count >= min, rank, take the top S. No pruning, no Flink.
 */
final class BruteForceVocabulary {

    private final List<int[]> documents = new ArrayList<>();
    private final int maxN;
    private final Map<List<Integer>, Long> counts = new HashMap<>();

    BruteForceVocabulary(List<String> texts, int maxN) {
        this.maxN = maxN;
        for (String text : texts) {
            int[] tokens = Gpt2Tokenizer.get().encode(text);
            documents.add(tokens);
            for (int n = 2; n <= maxN; n++) {
                for (int i = 0; i + n <= tokens.length; i++) {
                    counts.merge(gramList(tokens, i, n), 1L, Long::sum);
                }
            }
        }
    }

    /** The token ids of each document, in input order. */
    List<int[]> documents() {
        return documents;
    }

    long corpusTokens() {
        return documents.stream().mapToLong(tokens -> tokens.length).sum();
    }

    /** The best {@code size} n-grams with count >= minCount in ranking order; 0 = all. */
    List<CountedFgram> topFrequent(long minCount, int size) {
        List<CountedFgram> frequent = new ArrayList<>();
        counts.forEach(
                (gram, count) -> {
                    if (count >= minCount) {
                        frequent.add(
                                new CountedFgram(
                                        gram.stream().mapToInt(Integer::intValue).toArray(),
                                        count));
                    }
                });
        return FgramRanking.selectTop(frequent, size);
    }

    /**
     * Distinct n-grams whose (n-1)-prefix and (n-1)-suffix both have count >= minCount: what pass n
     * should count (every bigram for n = 2).
     */
    long candidates(int n, long minCount) {
        return counts.keySet().stream()
                .filter(gram -> gram.size() == n)
                .filter(
                        gram ->
                                n == 2
                                        || (counts.get(gram.subList(0, n - 1)) >= minCount
                                                && counts.get(gram.subList(1, n)) >= minCount))
                .count();
    }

    /** Distinct n-grams of length {@code n} with count >= minCount. */
    long frequent(int n, long minCount) {
        return counts.entrySet().stream()
                .filter(entry -> entry.getKey().size() == n && entry.getValue() >= minCount)
                .count();
    }

    /** Distinct n-grams of length {@code n}, whatever their count. */
    long distinct(int n) {
        return counts.keySet().stream().filter(gram -> gram.size() == n).count();
    }

    int maxN() {
        return maxN;
    }

    private static List<Integer> gramList(int[] tokens, int from, int length) {
        return Arrays.stream(tokens, from, from + length).boxed().toList();
    }
}
