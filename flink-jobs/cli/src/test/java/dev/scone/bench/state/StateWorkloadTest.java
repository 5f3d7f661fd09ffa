package dev.scone.bench.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.model.table.Bf16;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateWorkloadTest {

    private static final StateWorkload WORKLOAD = new StateWorkload(2_000, 3_000, 10_000);

    @Test
    void everyPhraseEndsWithABigramOfItsOwn() {
        Set<Long> bigrams = new HashSet<>();
        for (int phrase = 0; phrase < 50_000; phrase++) {
            int[] tokens = StateWorkload.phrase(phrase);
            assertThat(tokens).hasSize(StateWorkload.PHRASE_LENGTH);
            assertThat(Arrays.stream(tokens).allMatch(t -> t >= 0 && t < StateWorkload.VOCABULARY))
                    .isTrue();
            assertThat(bigrams.add((long) tokens[3] * StateWorkload.VOCABULARY + tokens[4]))
                    .isTrue();
        }
    }

    @Test
    void theTableIsSuffixClosedWithFourEntriesPerPhrase() {
        Set<List<Integer>> table = table(WORKLOAD);
        assertThat(table).hasSize(WORKLOAD.entries());
        for (List<Integer> fgram : table) {
            assertThat(fgram.size()).isBetween(2, StateWorkload.PHRASE_LENGTH);
            if (fgram.size() > 2) {
                assertThat(table).contains(fgram.subList(1, fgram.size()));
            }
        }
    }

    @Test
    void updatesCarryTheEntryTokensAndABf16VectorOfTheBenchmarkDimension() {
        TableUpdate update = StateWorkload.update(4 * 7 + 2);
        assertThat(update.tokens).containsExactly(StateWorkload.entryTokens(4 * 7 + 2));
        assertThat(update.tokens).hasSize(4);
        assertThat(update.vector).hasSize(StateWorkload.DIMENSION * Bf16.BYTES);
        assertThat(update.tableVersion).isEqualTo(StateWorkload.TABLE_VERSION);
        assertThat(update.isDelete()).isFalse();
    }

    @Test
    void everyLookupsLongestMatchInTheTableIsThePlannedLength() {
        Set<List<Integer>> table = table(WORKLOAD);
        LookupStream lookups = new LookupStream(WORKLOAD);
        for (long index = 0; index < WORKLOAD.totalLookups(); index++) {
            int[] context = lookups.context(index);
            assertThat(context).hasSize(StateWorkload.PHRASE_LENGTH);
            assertThat(longestMatch(table, context))
                    .as("lookup %d", index)
                    .isEqualTo(StateWorkload.matchLength(index));
        }
    }

    @Test
    void oneLookupInFiveMissesAndTheOthersSpreadOverLengthsTwoToFive() {
        long[] counts = new LookupStream(WORKLOAD).expectedLengths(StateWorkload.Phase.UNIFORM);
        assertThat(counts[1]).isZero();
        for (int length : new int[] {0, 2, 3, 4, 5}) {
            assertThat(counts[length]).isBetween(1_800L, 2_200L);
        }
    }

    @Test
    void zipfLookupsFavourTheFirstPhrasesAndUniformOnesDoNot() {
        LookupStream lookups = new LookupStream(WORKLOAD);
        Map<StateWorkload.Phase, Integer> firstTen = new HashMap<>();
        for (StateWorkload.Phase phase :
                List.of(StateWorkload.Phase.UNIFORM, StateWorkload.Phase.ZIPF)) {
            int hits = 0;
            for (long index = WORKLOAD.phaseStart(phase);
                    index < WORKLOAD.phaseEnd(phase);
                    index++) {
                int phrase = lookups.phraseOf(index);
                if (phrase >= 0 && phrase < 10) {
                    hits++;
                }
            }
            firstTen.put(phase, hits);
        }
        // Ten of 2,000 phrases: 0.5% of the hits when uniform, over a third under Zipf (s = 1).
        assertThat(firstTen.get(StateWorkload.Phase.UNIFORM)).isLessThan(100);
        assertThat(firstTen.get(StateWorkload.Phase.ZIPF)).isGreaterThan(2_500);
    }

    @Test
    void lookupsAreTheSameEveryTime() {
        LookupStream first = new LookupStream(WORKLOAD);
        LookupStream second = new LookupStream(WORKLOAD);
        for (long index = 0; index < 1_000; index += 37) {
            assertThat(second.lookup(index).context).containsExactly(first.lookup(index).context);
            assertThat(second.lookup(index).requestKey).isEqualTo(first.lookup(index).requestKey);
        }
    }

    @Test
    void phasesFollowEachOtherWithOneClosingLookup() {
        assertThat(WORKLOAD.phaseOf(0)).isEqualTo(StateWorkload.Phase.WARM_UP);
        assertThat(WORKLOAD.phaseOf(2_999)).isEqualTo(StateWorkload.Phase.WARM_UP);
        assertThat(WORKLOAD.phaseOf(3_000)).isEqualTo(StateWorkload.Phase.UNIFORM);
        assertThat(WORKLOAD.phaseOf(12_999)).isEqualTo(StateWorkload.Phase.UNIFORM);
        assertThat(WORKLOAD.phaseOf(13_000)).isEqualTo(StateWorkload.Phase.ZIPF);
        assertThat(WORKLOAD.phaseOf(23_000)).isEqualTo(StateWorkload.Phase.CLOSING);
        assertThat(WORKLOAD.totalLookups()).isEqualTo(23_001);
        assertThatThrownBy(() -> WORKLOAD.phaseOf(23_001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stampsSplitAPhaseIntoSegmentsThatCoverAllButItsFirstLookup() {
        long[] stamps = WORKLOAD.stampIndices(StateWorkload.Phase.ZIPF);
        assertThat(stamps).hasSize(StateWorkload.SEGMENTS + 1);
        assertThat(stamps[0]).isEqualTo(WORKLOAD.phaseStart(StateWorkload.Phase.ZIPF));
        assertThat(stamps[StateWorkload.SEGMENTS])
                .isEqualTo(WORKLOAD.phaseEnd(StateWorkload.Phase.ZIPF) - 1);
        for (int k = 1; k < stamps.length; k++) {
            assertThat(stamps[k]).isGreaterThan(stamps[k - 1]);
        }
        assertThatThrownBy(() -> WORKLOAD.stampIndices(StateWorkload.Phase.WARM_UP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWorkloadsTooSmallToTime() {
        assertThatThrownBy(() -> new StateWorkload(0, 10, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phrases");
        assertThatThrownBy(() -> new StateWorkload(10, 10, StateWorkload.SEGMENTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lookups per phase");
    }

    private static Set<List<Integer>> table(StateWorkload workload) {
        Set<List<Integer>> table = new HashSet<>();
        for (long entry = 0; entry < workload.entries(); entry++) {
            table.add(Arrays.stream(StateWorkload.entryTokens(entry)).boxed().toList());
        }
        return table;
    }

    /** The longest suffix of {@code context} in {@code table}, by trying every length. */
    private static int longestMatch(Set<List<Integer>> table, int[] context) {
        List<Integer> tokens = Arrays.stream(context).boxed().toList();
        for (int length = context.length; length >= 2; length--) {
            if (table.contains(tokens.subList(context.length - length, context.length))) {
                return length;
            }
        }
        return 0;
    }
}
