package dev.scone.model.fgram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuffixClosureTest {

    @Test
    void removalsCascadeToLongerGrams() {
        CountedFgram bigram = new CountedFgram(new int[] {1, 2}, 9);
        CountedFgram closedTrigram = new CountedFgram(new int[] {0, 1, 2}, 5);
        CountedFgram orphanTrigram = new CountedFgram(new int[] {5, 6, 7}, 5);
        CountedFgram orphanFourgram = new CountedFgram(new int[] {4, 5, 6, 7}, 4);
        CountedFgram closedFourgram = new CountedFgram(new int[] {3, 0, 1, 2}, 4);
        List<CountedFgram> fgrams =
                new ArrayList<>(
                        List.of(
                                orphanFourgram,
                                closedFourgram,
                                bigram,
                                orphanTrigram,
                                closedTrigram));

        int removed = SuffixClosure.enforce(fgrams);

        assertThat(removed).isEqualTo(2);
        assertThat(fgrams).containsExactly(closedFourgram, bigram, closedTrigram);
    }

    @Test
    void leavesAClosedSetUntouched() {
        List<CountedFgram> fgrams =
                new ArrayList<>(
                        List.of(
                                new CountedFgram(new int[] {2, 3}, 3),
                                new CountedFgram(new int[] {1, 2, 3}, 2),
                                new CountedFgram(new int[] {8, 9}, 1)));
        List<CountedFgram> before = List.copyOf(fgrams);

        assertThat(SuffixClosure.enforce(fgrams)).isZero();
        assertThat(fgrams).isEqualTo(before);
    }

    @Test
    void resultIsClosedAndRemovesOnlyWhatItMust() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            List<CountedFgram> fgrams =
                    FgramRankingTest.randomDistinctFgrams(random, 1 + random.nextInt(120), 4);
            List<CountedFgram> before = List.copyOf(fgrams);

            int removed = SuffixClosure.enforce(fgrams);

            Set<List<Integer>> kept = new HashSet<>();
            fgrams.forEach(fgram -> kept.add(asList(fgram.gram())));
            assertThat(removed).isEqualTo(before.size() - fgrams.size());
            for (CountedFgram fgram : before) {
                List<Integer> gram = asList(fgram.gram());
                boolean suffixKept =
                        gram.size() == 2 || kept.contains(gram.subList(1, gram.size()));
                // Closed: every kept gram has its suffix. Minimal: every removed one lacked it.
                assertThat(kept.contains(gram)).as("%s kept", gram).isEqualTo(suffixKept);
            }
        }
    }

    private static List<Integer> asList(int[] gram) {
        return Arrays.stream(gram).boxed().toList();
    }
}
