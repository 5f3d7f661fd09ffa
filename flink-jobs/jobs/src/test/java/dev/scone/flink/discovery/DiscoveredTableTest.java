package dev.scone.flink.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.matching.TableUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoProcessOperator;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveredTableTest {

    private static final long HALF_LIFE = 1_000;
    private static final String DISCOVERED = DiscoveryVersion.of("m1");

    private TwoInputStreamOperatorTestHarness<DiscoveryEvent, TableUpdate, TableWrite> harness;

    private void open(int maxDiscovered, int[]... vocabulary) throws Exception {
        harness = harness(maxDiscovered, vocabulary);
        harness.open();
    }

    private static TwoInputStreamOperatorTestHarness<DiscoveryEvent, TableUpdate, TableWrite>
            harness(int maxDiscovered, int[]... vocabulary) throws Exception {
        Set<int[]> grams = Set.of(vocabulary);
        VocabularyKeys keys = () -> grams.stream().map(NgramKey::of).collect(Collectors.toSet());
        return new TwoInputStreamOperatorTestHarness<>(
                new CoProcessOperator<>(
                        new DiscoveredTable(
                                maxDiscovered,
                                new CountingSettings(5, Duration.ofMillis(HALF_LIFE)),
                                keys)));
    }

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void admit(double count, long time, int... tokens) throws Exception {
        DiscoveryEvent event = new DiscoveryEvent(DiscoveryEvent.ADMIT, tokens, count, time);
        event.vector = new byte[] {(byte) tokens[0], 0, 0, 0};
        harness.processElement1(event, 0);
    }

    private void heat(double count, long time, int... tokens) throws Exception {
        harness.processElement1(new DiscoveryEvent(DiscoveryEvent.HEAT, tokens, count, time), 0);
    }

    private List<String> writes() {
        List<String> out =
                harness.extractOutputValues().stream()
                        .map(TableWrite::toString)
                        .collect(Collectors.toList());
        harness.getOutput().clear();
        return out;
    }

    @Test
    void publishesAdmissionsWithTheirVectors() throws Exception {
        open(10);
        admit(5, 0, 1, 2);
        List<TableWrite> out = harness.extractOutputValues();
        assertThat(out)
                .singleElement()
                .satisfies(
                        write -> {
                            assertThat(write.tokens).containsExactly(1, 2);
                            assertThat(write.vector).containsExactly(1, 0, 0, 0);
                        });
    }

    @Test
    void expiresTheColdestWhenOverTheBound() throws Exception {
        open(2);
        admit(5, 0, 1, 2);
        admit(5, 0, 3, 4);
        heat(5, 3 * HALF_LIFE, 1, 2); // still in use; [3, 4] is not
        assertThat(writes()).containsExactly("PUT[1, 2]", "PUT[3, 4]");

        admit(5, 3 * HALF_LIFE, 5, 6);
        assertThat(writes()).containsExactly("PUT[5, 6]", "DELETE[3, 4]");
    }

    @Test
    void aNewAdmissionIsNeverTheOneToGo() throws Exception {
        open(1);
        admit(1000, 10 * HALF_LIFE, 1, 2);
        admit(5, 0, 3, 4); // colder than [1, 2], but new
        assertThat(writes()).containsExactly("PUT[1, 2]", "PUT[3, 4]", "DELETE[1, 2]");
    }

    @Test
    void expiringAnFgramFirstExpiresItsExtensionsLongestFirst() throws Exception {
        open(4);
        admit(5, 0, 2, 3);
        admit(5, 0, 1, 2, 3);
        admit(5, 0, 0, 1, 2, 3);
        admit(5, 5 * HALF_LIFE, 8, 9);
        heat(5, 5 * HALF_LIFE, 1, 2, 3);
        heat(5, 5 * HALF_LIFE, 0, 1, 2, 3);
        writes();

        // [2, 3] is the coldest; its extensions would lose their suffix, so they go first.
        admit(5, 5 * HALF_LIFE, 7, 7);
        assertThat(writes())
                .containsExactly(
                        "PUT[7, 7]", "DELETE[0, 1, 2, 3]", "DELETE[1, 2, 3]", "DELETE[2, 3]");
    }

    @Test
    void neverExpiresTheSuffixOfANewAdmission() throws Exception {
        open(2);
        admit(5, 0, 2, 3);
        admit(5, 10 * HALF_LIFE, 8, 9);
        writes();
        admit(5, 10 * HALF_LIFE, 1, 2, 3);
        assertThat(writes()).containsExactly("PUT[1, 2, 3]", "DELETE[8, 9]");
    }

    @Test
    void neverPublishesNorExpiresTheVocabulary() throws Exception {
        open(1, new int[] {1, 2});
        admit(5, 0, 1, 2);
        assertThat(writes()).isEmpty();
        // A vocabulary f-gram published with a discovered version is still never expired.
        harness.processElement2(new TableUpdate(new int[] {1, 2}, new byte[4], DISCOVERED), 0);
        admit(5, 0, 3, 4);
        admit(5, 1, 5, 6);
        assertThat(writes()).containsExactly("PUT[3, 4]", "PUT[5, 6]", "DELETE[3, 4]");
    }

    @Test
    void learnsEntriesOfAnEarlierRunAndExpiresThemFirst() throws Exception {
        open(2);
        harness.processElement2(new TableUpdate(new int[] {1, 2}, new byte[4], DISCOVERED), 0);
        harness.processElement2(new TableUpdate(new int[] {3, 4}, new byte[4], "m1+shipped"), 0);
        admit(5, 0, 5, 6);
        admit(5, 0, 7, 8);
        assertThat(writes()).containsExactly("PUT[5, 6]", "PUT[7, 8]", "DELETE[1, 2]");
    }

    @Test
    void ignoresTheEchoOfItsOwnTombstoneAfterAReadmission() throws Exception {
        open(1);
        admit(5, 0, 1, 2);
        admit(5, 1, 3, 4); // expires [1, 2]
        admit(5, 2, 1, 2); // admitted again before the tombstone came back; expires [3, 4]
        harness.processElement2(new TableUpdate(new int[] {1, 2}, null, ""), 0);
        writes();
        admit(5, 3, 5, 6);
        assertThat(writes()).containsExactly("PUT[5, 6]", "DELETE[1, 2]");
    }

    @Test
    void keepsItsEntriesAcrossARestore() throws Exception {
        open(2);
        admit(5, 0, 1, 2);
        admit(5, 1, 3, 4);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness(2);
        harness.initializeState(snapshot);
        harness.open();
        admit(5, 2, 5, 6);
        assertThat(writes()).containsExactly("PUT[5, 6]", "DELETE[1, 2]");
    }
}
