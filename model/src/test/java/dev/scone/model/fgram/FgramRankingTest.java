package dev.scone.model.fgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FgramRankingTest {

    @Test
    void ordersByCountThenLengthThenTokenIds() {
        CountedFgram frequent = new CountedFgram(new int[] {9, 9, 9}, 50);
        CountedFgram shortTie = new CountedFgram(new int[] {7, 8}, 10);
        CountedFgram longTieLow = new CountedFgram(new int[] {1, 2, 3}, 10);
        CountedFgram longTieHigh = new CountedFgram(new int[] {1, 3, 0}, 10);
        CountedFgram rare = new CountedFgram(new int[] {0, 0}, 1);
        List<CountedFgram> shuffled =
                new ArrayList<>(List.of(rare, longTieHigh, shortTie, frequent, longTieLow));

        shuffled.sort(FgramRanking.ORDER);

        assertThat(shuffled).containsExactly(frequent, shortTie, longTieLow, longTieHigh, rare);
    }

    @Test
    void comparesTheSameFgramAsEqual() {
        assertThat(FgramRanking.compare(4, new int[] {1, 2}, 4, new int[] {1, 2})).isZero();
        assertThat(FgramRanking.compare(Long.MAX_VALUE, new int[] {1, 2}, 0, new int[] {1, 2}))
                .isNegative();
    }

    @Test
    void selectTopKeepsTheBestInRankingOrder() {
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            List<CountedFgram> candidates = randomDistinctFgrams(random, 1 + random.nextInt(60), 4);
            int limit = 1 + random.nextInt(80);
            List<CountedFgram> sorted = new ArrayList<>(candidates);
            sorted.sort(FgramRanking.ORDER);
            Collections.shuffle(candidates, random);

            List<CountedFgram> top = FgramRanking.selectTop(candidates, limit);

            assertThat(top).isEqualTo(sorted.subList(0, Math.min(limit, sorted.size())));
        }
    }

    @Test
    void selectTopWithoutLimitKeepsEverything() {
        List<CountedFgram> candidates = randomDistinctFgrams(new Random(3), 30, 4);
        List<CountedFgram> sorted = new ArrayList<>(candidates);
        sorted.sort(FgramRanking.ORDER);

        assertThat(FgramRanking.selectTop(candidates, 0)).isEqualTo(sorted);
        assertThatThrownBy(() -> FgramRanking.selectTop(candidates, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    /** The property the class documentation promises: exact counts give suffix-closed top sets. */
    @Test
    void topSOfExactlyCountedNgramsIsSuffixClosedForEverySize() {
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int[] corpus = new int[200 + random.nextInt(300)];
            for (int i = 0; i < corpus.length; i++) {
                // A skewed small alphabet, so that many n-grams repeat and counts tie.
                corpus[i] = random.nextInt(1 + random.nextInt(5));
            }
            List<CountedFgram> counted = countAllNgrams(corpus, 4);

            for (int limit = 1; limit <= counted.size(); limit += 1 + limit / 4) {
                List<CountedFgram> top = FgramRanking.selectTop(counted, limit);
                assertThat(unclosed(top)).as("f-grams missing their suffix").isEmpty();
            }
        }
    }

    private static List<CountedFgram> countAllNgrams(int[] corpus, int maxN) {
        Map<List<Integer>, Long> counts = new HashMap<>();
        for (int n = 2; n <= maxN; n++) {
            for (int start = 0; start + n <= corpus.length; start++) {
                List<Integer> gram = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    gram.add(corpus[start + k]);
                }
                counts.merge(gram, 1L, Long::sum);
            }
        }
        List<CountedFgram> counted = new ArrayList<>();
        counts.forEach(
                (gram, count) ->
                        counted.add(
                                new CountedFgram(
                                        gram.stream().mapToInt(Integer::intValue).toArray(),
                                        count)));
        return counted;
    }

    private static List<CountedFgram> unclosed(List<CountedFgram> fgrams) {
        Set<List<Integer>> kept = new HashSet<>();
        for (CountedFgram fgram : fgrams) {
            kept.add(Arrays.stream(fgram.gram()).boxed().toList());
        }
        List<CountedFgram> missing = new ArrayList<>();
        for (CountedFgram fgram : fgrams) {
            List<Integer> gram = Arrays.stream(fgram.gram()).boxed().toList();
            if (gram.size() >= 3 && !kept.contains(gram.subList(1, gram.size()))) {
                missing.add(fgram);
            }
        }
        return missing;
    }

    /**
     * {@code size} distinct f-grams of length 2..5 over the ids 0..alphabet-1; small alphabets make
     * shared prefixes and suffixes likely.
     */
    static List<CountedFgram> randomDistinctFgrams(Random random, int size, int alphabet) {
        Set<List<Integer>> seen = new HashSet<>();
        List<CountedFgram> fgrams = new ArrayList<>();
        while (fgrams.size() < size) {
            int[] gram = new int[2 + random.nextInt(4)];
            for (int k = 0; k < gram.length; k++) {
                gram[k] = random.nextInt(alphabet);
            }
            if (seen.add(Arrays.stream(gram).boxed().toList())) {
                fgrams.add(new CountedFgram(gram, random.nextInt(5)));
            }
        }
        return fgrams;
    }
}
