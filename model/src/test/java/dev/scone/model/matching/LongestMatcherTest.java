package dev.scone.model.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramIndex;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.SuffixClosure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongestMatcherTest {

    private static final int ITERATIONS = 300;

    @Test
    void agreesWithBruteForceOnSuffixClosedVocabularies() {
        Random random = new Random(42);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            int maxN = 2 + random.nextInt(4);
            List<CountedFgram> fgrams = randomFgrams(random, maxN);
            SuffixClosure.enforce(fgrams);
            FgramVocabulary vocabulary =
                    FgramVocabulary.builder().maxN(maxN).addAll(fgrams).build();
            LongestMatcher matcher = LongestMatcher.of(vocabulary);
            assertThat(matcher.isSuffixClosed()).isTrue();

            for (int sequence = 0; sequence < 10; sequence++) {
                int[] tokens = randomTokens(random);
                assertThat(matcher.match(tokens))
                        .as("vocabulary %s, tokens %s", fgrams, Arrays.toString(tokens))
                        .containsExactly(bruteForce(fgrams, maxN, tokens, 0, tokens.length));
            }
        }
    }

    @Test
    void agreesWithBruteForceOnVocabulariesThatAreNotSuffixClosed() {
        Random random = new Random(43);
        int notClosed = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            int maxN = 3 + random.nextInt(3);
            List<CountedFgram> fgrams = randomFgrams(random, maxN);
            FgramVocabulary vocabulary =
                    FgramVocabulary.builder().maxN(maxN).addAll(fgrams).build();
            LongestMatcher matcher = LongestMatcher.of(vocabulary);
            notClosed += matcher.isSuffixClosed() ? 0 : 1;

            for (int sequence = 0; sequence < 10; sequence++) {
                int[] tokens = randomTokens(random);
                assertThat(matcher.match(tokens))
                        .as("vocabulary %s, tokens %s", fgrams, Arrays.toString(tokens))
                        .containsExactly(bruteForce(fgrams, maxN, tokens, 0, tokens.length));
            }
        }
        assertThat(notClosed).as("vocabularies that were not suffix closed").isPositive();
    }

    @Test
    void matchesSubRangesAsSequencesOfTheirOwn() {
        Random random = new Random(44);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            int maxN = 2 + random.nextInt(4);
            List<CountedFgram> fgrams = randomFgrams(random, maxN);
            boolean close = random.nextBoolean();
            if (close) {
                SuffixClosure.enforce(fgrams);
            }
            FgramVocabulary vocabulary =
                    FgramVocabulary.builder().maxN(maxN).addAll(fgrams).build();
            LongestMatcher matcher =
                    new LongestMatcher(vocabulary.index(), maxN, vocabulary.isSuffixClosed());
            int[] tokens = randomTokens(random);
            int from = random.nextInt(tokens.length + 1);
            int to = from + random.nextInt(tokens.length - from + 1);
            int[] out = new int[to - from + random.nextInt(3)];
            Arrays.fill(out, -1);

            matcher.match(tokens, from, to, out);

            int[] expected = bruteForce(fgrams, maxN, tokens, from, to);
            assertThat(Arrays.copyOf(out, to - from)).containsExactly(expected);
            for (int k = to - from; k < out.length; k++) {
                assertThat(out[k]).as("untouched out[%d]", k).isEqualTo(-1);
            }
        }
    }

    @Test
    void findsALongFgramWhoseShorterSuffixIsMissing() {
        FgramIndex index = new FgramIndex(4);
        index.add(new int[] {1, 2, 3, 4});
        index.add(new int[] {3, 4});
        int[] tokens = {1, 2, 3, 4};

        assertThat(new LongestMatcher(index, 5, false).match(tokens)).containsExactly(0, 0, 0, 4);
        // The same index treated as closed stops at the missing [2, 3, 4]: why the flag matters.
        assertThat(new LongestMatcher(index, 5, true).match(tokens)).containsExactly(0, 0, 0, 2);
    }

    @Test
    void positionsNearTheSequenceStartMatchOnlyWhatFits() {
        FgramVocabulary vocabulary =
                FgramVocabulary.builder()
                        .add(new int[] {7, 8}, 5)
                        .add(new int[] {8, 9}, 5)
                        .add(new int[] {7, 8, 9}, 4)
                        .add(new int[] {6, 7, 8, 9}, 3)
                        .build();
        LongestMatcher matcher = LongestMatcher.of(vocabulary);
        int[] tokens = {6, 7, 8, 9};
        int[] out = new int[3];

        matcher.match(tokens, 1, 4, out);

        assertThat(out).containsExactly(0, 2, 3);
        assertThat(matcher.longestEndingAt(tokens, 3)).isEqualTo(4);
        assertThat(matcher.longestEndingAt(tokens, 2, 3)).isEqualTo(2);
        assertThat(matcher.longestEndingAt(tokens, 0)).isZero();
    }

    @Test
    void neverMatchesLongerThanK() {
        FgramIndex index = new FgramIndex(4);
        index.add(new int[] {1, 2});
        index.add(new int[] {1, 1, 2});
        index.add(new int[] {1, 1, 1, 2});

        assertThat(new LongestMatcher(index, 3, false).match(new int[] {1, 1, 1, 2}))
                .containsExactly(0, 0, 0, 3);
        assertThat(new LongestMatcher(index, 2, true).match(new int[] {1, 1, 1, 2}))
                .containsExactly(0, 0, 0, 2);
    }

    @Test
    void missesLeaveZeros() {
        LongestMatcher empty = LongestMatcher.of(FgramVocabulary.builder().build());
        int[] tokens = {5, 6, 7, 8};

        int[] lengths = empty.match(tokens);

        assertThat(lengths).containsOnly(0);
        assertThat(LongestMatcher.matchedPositions(lengths)).isZero();
        assertThat(empty.match(new int[0])).isEmpty();
    }

    @Test
    void countsMatchedPositions() {
        int[] lengths = {0, 2, 3, 0, 5, 2};

        assertThat(LongestMatcher.matchedPositions(lengths)).isEqualTo(4);
        assertThat(LongestMatcher.matchedPositions(lengths, 2, 4)).isEqualTo(1);
    }

    @Test
    void rejectsAnUnusableK() {
        FgramIndex index = new FgramIndex(1);

        assertThatThrownBy(() -> new LongestMatcher(index, 1, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The longest f-gram length K must be between 2 and 5, not 1.");
        assertThatThrownBy(() -> new LongestMatcher(index, 6, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnOutputArrayThatIsTooShort() {
        LongestMatcher matcher = LongestMatcher.of(FgramVocabulary.builder().build());

        assertThatThrownBy(() -> matcher.match(new int[] {1, 2, 3}, 0, 3, new int[2]))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** F-grams over a four-token alphabet, so that random sequences hit them often. */
    private static List<CountedFgram> randomFgrams(Random random, int maxN) {
        Set<List<Integer>> seen = new HashSet<>();
        List<CountedFgram> fgrams = new ArrayList<>();
        int size = random.nextInt(40);
        for (int attempt = 0; attempt < size * 3 && fgrams.size() < size; attempt++) {
            int[] gram = new int[2 + random.nextInt(maxN - 1)];
            for (int k = 0; k < gram.length; k++) {
                gram[k] = random.nextInt(4);
            }
            if (seen.add(Arrays.stream(gram).boxed().toList())) {
                fgrams.add(new CountedFgram(gram, 1 + random.nextInt(9)));
            }
        }
        return fgrams;
    }

    private static int[] randomTokens(Random random) {
        int[] tokens = new int[random.nextInt(25)];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = random.nextInt(4);
        }
        return tokens;
    }

    /** The paper's rule, read literally: the largest n with tokens (i-n+1..i) in the set. */
    private static int[] bruteForce(
            List<CountedFgram> fgrams, int maxN, int[] tokens, int from, int to) {
        Set<List<Integer>> set = new HashSet<>();
        fgrams.forEach(fgram -> set.add(Arrays.stream(fgram.gram()).boxed().toList()));
        int[] lengths = new int[to - from];
        for (int i = from; i < to; i++) {
            for (int n = 2; n <= maxN && i - n + 1 >= from; n++) {
                List<Integer> candidate = Arrays.stream(tokens, i - n + 1, i + 1).boxed().toList();
                if (set.contains(candidate)) {
                    lengths[i - from] = n;
                }
            }
        }
        return lengths;
    }
}
