package dev.scone.flink.service.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.RequestKey;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FgramMatchTest {

    private KeyedTwoInputStreamOperatorTestHarness<Long, PositionLookup, TableUpdate, PositionMatch>
            harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new FgramMatch(), PositionLookup::bigram, TableUpdate::bigram, Types.LONG);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void put(String version, int... tokens) throws Exception {
        harness.processElement2(new TableUpdate(tokens, vectorFor(tokens), version), 0);
    }

    private static byte[] vectorFor(int[] tokens) {
        // A 2-dim vector whose bytes identify the f-gram, so tests can tell which one matched.
        return new byte[] {(byte) tokens.length, (byte) tokens[0], 0, 0};
    }

    private PositionMatch lookup(int position, int... context) throws Exception {
        harness.processElement1(
                new PositionLookup(new RequestKey("scone.documents", 0, 1), position, context), 0);
        List<PositionMatch> out =
                harness.extractOutputValues().stream().collect(Collectors.toList());
        return out.get(out.size() - 1);
    }

    @Test
    void findsTheLongestFgramEndingWithTheBigram() throws Exception {
        put("v1", 7, 8);
        put("v1", 6, 7, 8);
        put("v1", 5, 6, 7, 8);

        PositionMatch match = lookup(4, 9, 5, 6, 7, 8);

        assertThat(match.length).isEqualTo(4);
        assertThat(match.vector).isEqualTo(vectorFor(new int[] {5, 6, 7, 8}));
        assertThat(match.tableVersion).isEqualTo("v1");
    }

    @Test
    void stopsAtTheContextStartAndReportsMisses() throws Exception {
        put("v1", 7, 8);
        put("v1", 6, 7, 8);

        assertThat(lookup(1, 7, 8).length).isEqualTo(2);
        assertThat(lookup(2, 1, 7, 8).length).isEqualTo(2);
        assertThat(lookup(1, 3, 4).length).isZero();
        assertThat(lookup(1, 3, 4).vector).isNull();
    }

    @Test
    void staysCorrectWhenTheStoredSetIsNotSuffixClosed() throws Exception {
        // A replayed changelog can hold a 4-gram before its 3-gram suffix arrives.
        put("v1", 7, 8);
        put("v1", 5, 6, 7, 8);

        assertThat(lookup(4, 9, 5, 6, 7, 8).length).isEqualTo(4);
        assertThat(lookup(4, 9, 4, 6, 7, 8).length).isEqualTo(2);
    }

    @Test
    void deletesAndUpdatesTakeEffectImmediately() throws Exception {
        put("v1", 7, 8);
        put("v1", 6, 7, 8);
        assertThat(lookup(2, 6, 7, 8).length).isEqualTo(3);

        harness.processElement2(new TableUpdate(new int[] {6, 7, 8}, null, "v2"), 0);
        assertThat(lookup(2, 6, 7, 8).length).isEqualTo(2);

        put("v3", 7, 8);
        PositionMatch updated = lookup(2, 6, 7, 8);
        assertThat(updated.length).isEqualTo(2);
        assertThat(updated.tableVersion).isEqualTo("v3");
    }

    @Test
    void keepsOneStateEntryPerBigramHoldingAllItsFgrams() throws Exception {
        put("v1", 7, 8);
        put("v1", 6, 7, 8);
        put("v1", 1, 2);

        // Two keys (bigrams 7-8 and 1-2), each with one map and one longest length.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4);
        harness.processElement2(new TableUpdate(new int[] {1, 2}, null, "v2"), 0);
        assertThat(lookup(1, 1, 2).length).isZero();
    }

    @Test
    void lookupsOfUnknownBigramsCreateNoState() throws Exception {
        lookup(1, 3, 4);
        lookup(2, 1, 3, 4);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
