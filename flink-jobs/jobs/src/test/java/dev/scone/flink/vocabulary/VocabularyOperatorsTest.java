package dev.scone.flink.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramKey;
import dev.scone.model.fgram.FgramRanking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The vocabulary job's operators, one at a time, against plain Java definitions. */
class VocabularyOperatorsTest {

    private final Random random = new Random(42);

    @Test
    void packedCountIsAFlinkPojoSoItNeverFallsBackToKryo() {
        assertThat(TypeInformation.of(PackedFgramCount.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void bigramEmitterEmitsEachAdjacentPairOfADocument() {
        List<PackedFgramCount> out = new ArrayList<>();
        BigramEmitter emitter = new BigramEmitter();

        emitter.flatMap(new int[] {7, 8, 9, 7}, new ListCollector<>(out));
        emitter.flatMap(new int[] {5}, new ListCollector<>(out));

        assertThat(out)
                .extracting(PackedFgramCount::gram)
                .containsExactly(new int[] {7, 8}, new int[] {8, 9}, new int[] {9, 7});
        assertThat(out).extracting(record -> record.count).containsOnly(1L);
    }

    @Test
    void candidateEmitterKeepsExactlyTheNgramsWithFrequentPrefixAndSuffix() throws Exception {
        for (int round = 0; round < 200; round++) {
            int n = 3 + random.nextInt(FgramKey.MAX_LENGTH - 2);
            Set<List<Integer>> frequent = new HashSet<>();
            CandidateEmitter emitter = new CandidateEmitter(n);
            emitter.open(DefaultOpenContext.INSTANCE);
            for (int i = 0; i < 12; i++) {
                int[] gram = randomTokens(n - 1, 3);
                frequent.add(boxed(gram, 0, n - 1));
                emitter.processBroadcastElement(PackedFgramCount.of(gram, 0, n - 1, 9), null, null);
            }
            int[] document = randomTokens(random.nextInt(30), 3);
            List<PackedFgramCount> out = new ArrayList<>();

            emitter.processElement(document, null, new ListCollector<>(out));

            List<List<Integer>> expected = new ArrayList<>();
            for (int i = 0; i + n <= document.length; i++) {
                if (frequent.contains(boxed(document, i, n - 1))
                        && frequent.contains(boxed(document, i + 1, n - 1))) {
                    expected.add(boxed(document, i, n));
                }
            }
            assertThat(out)
                    .extracting(record -> boxed(record.gram(), 0, n))
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void combinerAddsUpOccurrencesAndFlushesWhenItsTableFills() throws Exception {
        Map<List<Integer>, Long> expected = new HashMap<>();
        List<PackedFgramCount> occurrences = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int[] gram = randomTokens(2 + random.nextInt(4), 4);
            occurrences.add(PackedFgramCount.of(gram, 0, gram.length, 1));
            expected.merge(boxed(gram, 0, gram.length), 1L, Long::sum);
        }
        OccurrenceCombiner combiner = new OccurrenceCombiner(16);

        List<PackedFgramCount> out = run(combiner, occurrences);

        Map<List<Integer>, Long> summed = new HashMap<>();
        for (PackedFgramCount partial : out) {
            summed.merge(boxed(partial.gram(), 0, partial.length()), partial.count, Long::sum);
        }
        assertThat(summed).isEqualTo(expected);
        // Sixteen slots cannot hold every distinct gram at once, yet repeats were still merged.
        assertThat(expected.size()).isGreaterThan(16);
        assertThat(out.size()).isLessThan(occurrences.size());
    }

    @Test
    void frequentFilterPassesOnlyCountsReachingTheMinimum() throws Exception {
        List<PackedFgramCount> counted =
                List.of(
                        PackedFgramCount.of(new int[] {1, 2}, 0, 2, 4),
                        PackedFgramCount.of(new int[] {1, 3}, 0, 2, 5),
                        PackedFgramCount.of(new int[] {2, 3}, 0, 2, 9));

        List<PackedFgramCount> out = run(new FrequentFgramFilter(2, 5), counted);

        assertThat(out).containsExactly(counted.get(1), counted.get(2));
    }

    @Test
    void rankingKeyOrderIsTheRankingOrder() {
        List<PackedFgramCount> records = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // Ids from both ends of the range, so every bit of the packing is exercised.
            int[] gram = randomTokens(2 + random.nextInt(4), 3);
            for (int k = 0; k < gram.length; k++) {
                if (random.nextBoolean()) {
                    gram[k] = FgramKey.MAX_TOKEN_ID - gram[k];
                }
            }
            records.add(PackedFgramCount.of(gram, 0, gram.length, 1 + random.nextInt(4)));
        }
        RankingKey rankingKey = new RankingKey();

        List<PackedFgramCount> byKey = new ArrayList<>(records);
        byKey.sort(Comparator.comparing(rankingKey::getKey));
        List<CountedFgram> byRanking =
                records.stream()
                        .map(PackedFgramCount::toCountedFgram)
                        .sorted(FgramRanking.ORDER)
                        .toList();

        assertThat(byKey)
                .extracting(PackedFgramCount::toCountedFgram)
                .containsExactlyElementsOf(byRanking);
        assertThat(rankingKey.getKey(records.get(0))).hasSize(RankingKey.KEY_LENGTH);
    }

    @Test
    void keepFirstPassesOnlyTheFirstRecords() {
        List<PackedFgramCount> out = new ArrayList<>();
        KeepFirst keepFirst = new KeepFirst(2);
        keepFirst.open(DefaultOpenContext.INSTANCE);
        for (int count = 9; count > 4; count--) {
            keepFirst.flatMap(
                    PackedFgramCount.of(new int[] {1, 2}, 0, 2, count), new ListCollector<>(out));
        }

        assertThat(out).extracting(record -> record.count).containsExactly(9L, 8L);
    }

    private static List<PackedFgramCount> run(
            org.apache.flink.streaming.api.operators.OneInputStreamOperator<
                            PackedFgramCount, PackedFgramCount>
                    operator,
            List<PackedFgramCount> input)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<PackedFgramCount, PackedFgramCount> harness =
                new OneInputStreamOperatorTestHarness<>(operator)) {
            harness.open();
            for (PackedFgramCount record : input) {
                harness.processElement(record, 0);
            }
            harness.endInput();
            return new ArrayList<>(harness.extractOutputValues());
        }
    }

    private int[] randomTokens(int length, int alphabet) {
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = random.nextInt(alphabet);
        }
        return tokens;
    }

    private static List<Integer> boxed(int[] tokens, int from, int length) {
        return Arrays.stream(tokens, from, from + length).boxed().toList();
    }
}
