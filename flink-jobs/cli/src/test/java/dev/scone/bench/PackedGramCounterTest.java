package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.fgram.FgramKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedGramCounterTest {

    @Test
    void countsEveryNgramLikeAMapOfLists() {
        int[] tokens = new SplittableRandom(3).ints(20_000, 0, 40).toArray();
        // Sized far too small on purpose, so that counting has to grow the table several times.
        PackedGramCounter counter = new PackedGramCounter(4);
        Map<List<Integer>, Integer> expected = new HashMap<>();
        for (int n = 2; n <= 3; n++) {
            for (int i = 0; i + n <= tokens.length; i++) {
                counter.increment(tokens, i, n);
                expected.merge(Arrays.stream(tokens, i, i + n).boxed().toList(), 1, Integer::sum);
            }
        }

        assertThat(counter.size()).isEqualTo(expected.size());
        Map<List<Integer>, Integer> counted = new HashMap<>();
        counter.forEach(
                (lo, hi, count) ->
                        counted.put(
                                Arrays.stream(FgramKey.unpack(lo, hi)).boxed().toList(), count));
        assertThat(counted).isEqualTo(expected);
        assertThat(counter.count(tokens, 0, 2))
                .isEqualTo(expected.get(List.of(tokens[0], tokens[1])));
    }

    @Test
    void anUnseenGramHasCountZero() {
        PackedGramCounter counter = new PackedGramCounter(16);
        counter.increment(new int[] {1, 2}, 0, 2);
        assertThat(counter.count(new int[] {2, 1}, 0, 2)).isZero();
        assertThat(counter.count(new int[] {1, 2, 3}, 0, 3)).isZero();
        assertThat(counter.count(new int[] {1, 2}, 0, 2)).isEqualTo(1);
    }
}
