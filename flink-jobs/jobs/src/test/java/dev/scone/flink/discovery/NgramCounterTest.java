package dev.scone.flink.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.matching.TableUpdate;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NgramCounterTest {

    private static final int MIN_COUNT = 3;
    private static final long WINDOW = 1_000;

    private KeyedTwoInputStreamOperatorTestHarness<
                    Tuple2<Long, Long>, NgramOccurrence, TableUpdate, DiscoveryEvent>
            harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new NgramCounter(
                                new CountingSettings(MIN_COUNT, Duration.ofMillis(WINDOW))),
                        new NgramKey.OfOccurrence(),
                        new NgramKey.OfUpdate(),
                        TypeInformation.of(new TypeHint<Tuple2<Long, Long>>() {}));
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void see(long time, int... tokens) throws Exception {
        harness.processElement1(new NgramOccurrence(tokens, time, false), 0);
    }

    private List<DiscoveryEvent> events() {
        return harness.extractOutputValues();
    }

    /** The kinds of the events emitted so far, in order. */
    private List<Byte> kinds() {
        return events().stream().map(e -> e.kind).toList();
    }

    @Test
    void admitsAnNgramOnceWhenItReachesTheMinimumCount() throws Exception {
        see(0, 1, 2);
        see(0, 1, 2);
        assertThat(events()).isEmpty();
        see(0, 1, 2);
        see(0, 1, 2);
        see(0, 1, 2);

        assertThat(events())
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.kind).isEqualTo(DiscoveryEvent.ADMIT);
                            assertThat(event.tokens).containsExactly(1, 2);
                            assertThat(event.count).isEqualTo(3.0);
                        });
    }

    @Test
    void countsDecayWithRecordTime() throws Exception {
        // One occurrence per half-life settles below 2: never frequent at a minimum of 3.
        for (int i = 0; i < 20; i++) {
            see(i * WINDOW, 4, 5);
        }
        assertThat(events()).isEmpty();

        // A burst is.
        see(20 * WINDOW + 1, 4, 5);
        see(20 * WINDOW + 2, 4, 5);
        see(20 * WINDOW + 3, 4, 5);
        assertThat(kinds()).containsExactly(DiscoveryEvent.ADMIT);
    }

    @Test
    void lateOccurrencesCountDecayed() throws Exception {
        see(10 * WINDOW, 4, 5);
        see(9 * WINDOW, 4, 5); // a half-life older: counts one half
        see(10 * WINDOW, 4, 5);
        assertThat(events()).isEmpty();
        see(8 * WINDOW, 4, 5); // two half-lives older: one quarter, 2.75 in all
        assertThat(events()).isEmpty();
        see(10 * WINDOW, 4, 5);
        assertThat(events()).hasSize(1);
    }

    @Test
    void neverAdmitsAnFgramOfTheShippedTable() throws Exception {
        harness.processElement2(new TableUpdate(new int[] {1, 2}, new byte[4], "m1+abc"), 0);
        for (int i = 0; i < 10; i++) {
            see(0, 1, 2);
        }
        assertThat(events()).isEmpty();
    }

    @Test
    void forgetsCandidatesUnseenForAWindow() throws Exception {
        harness.setProcessingTime(0);
        see(0, 1, 2);
        see(0, 3, 4);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        harness.setProcessingTime(WINDOW / 2);
        see(0, 3, 4);
        harness.setProcessingTime(WINDOW);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.setProcessingTime(WINDOW * 2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        // A forgotten candidate starts from nothing.
        see(0, 3, 4);
        see(0, 3, 4);
        assertThat(events()).isEmpty();
    }

    @Test
    void stateStaysBoundedOverAStreamTenTimesLonger() throws Exception {
        // A stream of mostly new n-grams at a steady rate; the state held depends on the rate and
        // the window, not on how long the stream runs.
        long afterOne = runStream(0, 10_000);
        long afterTen = runStream(10_000, 100_000);
        assertThat(afterOne).isPositive();
        assertThat(afterTen).isLessThanOrEqualTo(afterOne + afterOne / 10);
    }

    /** Occurrences {@code from..to}, ten per millisecond of processing and record time. */
    private long runStream(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            long now = i / 10;
            harness.setProcessingTime(now);
            see(now, i % 50_000, 7 + i % 3);
        }
        return harness.numKeyedStateEntries();
    }

    @Test
    void aDiscoveredEntryReportsItsHeatAndATombstoneRestartsItsCount() throws Exception {
        for (int i = 0; i < MIN_COUNT; i++) {
            see(0, 1, 2);
        }
        assertThat(events()).hasSize(1);
        harness.processElement2(
                new TableUpdate(new int[] {1, 2}, new byte[4], DiscoveryVersion.of("m1")), 0);

        for (int i = 0; i < 2 * MIN_COUNT; i++) {
            see(5, 1, 2);
        }
        assertThat(kinds())
                .containsExactly(DiscoveryEvent.ADMIT, DiscoveryEvent.HEAT, DiscoveryEvent.HEAT);

        harness.processElement2(new TableUpdate(new int[] {1, 2}, null, ""), 0);
        assertThat(harness.numKeyedStateEntries()).isZero();
        harness.getOutput().clear();
        for (int i = 0; i < MIN_COUNT; i++) {
            see(10, 1, 2);
        }
        assertThat(kinds()).containsExactly(DiscoveryEvent.ADMIT);
    }

    @Test
    void learnsDiscoveredEntriesFromTheChangelog() throws Exception {
        // Published by an earlier run: counted for heat only, never admitted again.
        harness.processElement2(
                new TableUpdate(new int[] {1, 2}, new byte[4], DiscoveryVersion.of("m1")), 0);
        for (int i = 0; i < MIN_COUNT; i++) {
            see(0, 1, 2);
        }
        assertThat(kinds()).containsExactly(DiscoveryEvent.HEAT);
    }
}
