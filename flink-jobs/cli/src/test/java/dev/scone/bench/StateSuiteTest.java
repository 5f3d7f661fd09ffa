package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.bench.state.PhaseResult;
import dev.scone.bench.state.StateBackendCase;
import dev.scone.bench.state.StateRun;
import dev.scone.bench.state.StateWorkload;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateSuiteTest {

    @Test
    void theFullCacheCoversTheEstimatedStateAndTheSmallOneIsATenthOfTheMeasuredSize() {
        long estimatedBytesPerEntry = 2L * StateWorkload.DIMENSION + 50;
        assertThat(StateSuite.fullCacheBytes(StateSuite.FULL))
                .isGreaterThan(StateSuite.FULL.entries() * estimatedBytesPerEntry);
        assertThat(StateSuite.smallCacheBytes(360_000_000L)).isEqualTo(36_000_000L);
    }

    @Test
    void theReportComparesEachRocksDbCaseWithTheInMemoryRatePerPhase() {
        StateWorkload workload = StateSuite.QUICK;
        Map<StateBackendCase, StateRun> runs = new EnumMap<>(StateBackendCase.class);
        // Segment times (ns per 1,000 lookups) that make RocksDB 2x and 4x slower than the heap.
        runs.put(StateBackendCase.IN_MEMORY, run(StateBackendCase.IN_MEMORY, 0, -1, 1_000_000));
        runs.put(
                StateBackendCase.ROCKSDB_FULL_CACHE,
                run(StateBackendCase.ROCKSDB_FULL_CACHE, 64L << 20, 6_000_000, 2_000_000));
        runs.put(
                StateBackendCase.ROCKSDB_SMALL_CACHE,
                run(StateBackendCase.ROCKSDB_SMALL_CACHE, 600_000, 6_000_000, 4_000_000));

        SuiteResult result = StateSuite.report(workload, runs, true);

        assertThat(result.table().size()).isEqualTo(6);
        String markdown = result.table().toMarkdown();
        assertThat(markdown)
                .contains("| in-memory | uniform | 1000.0 ± 0.0 |")
                .contains("| rocksdb-full-cache | uniform | 500.0 ± 0.0 |");
        assertThat(markdown).contains("| 0.500 ± 0.000 |").contains("| 0.250 ± 0.000 |");
        assertThat(markdown).contains("| 50.0% |");
        assertThat(result.findings())
                .anySatisfy(f -> assertThat(f).contains("block cache 1/10", "uniform", "0.250"))
                .anySatisfy(f -> assertThat(f).contains("tenth of the table", "0.500"));
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("6,000,000 bytes"));
    }

    private static StateRun run(
            StateBackendCase backend, long cache, long sstBytes, long nanosPerThousand) {
        Map<StateWorkload.Phase, PhaseResult> phases = new EnumMap<>(StateWorkload.Phase.class);
        for (StateWorkload.Phase phase :
                new StateWorkload.Phase[] {StateWorkload.Phase.UNIFORM, StateWorkload.Phase.ZIPF}) {
            long[] lookups = {1_000, 1_000, 1_000};
            long[] nanos = {nanosPerThousand, nanosPerThousand, nanosPerThousand};
            phases.put(
                    phase,
                    new PhaseResult(
                            lookups,
                            nanos,
                            nanos,
                            new long[] {600, 0, 600, 600, 600, 600},
                            backend.isRocksDb() ? 0.5 : Double.NaN));
        }
        return new StateRun(backend, cache, sstBytes, 1.0, phases);
    }
}
