package dev.scone.bench.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One run of the match operator on one state backend: how it was set up and what its measured
 * phases gave.
 *
 * @param backend where the keyed state lived
 * @param blockCacheBytes RocksDB block cache per column family; 0 in memory
 * @param sstBytes bytes of RocksDB's SST files after the table was loaded and flushed; -1 in memory
 * @param loadSeconds from submitting the job until every table entry was in keyed state
 * @param phases the uniform and Zipf phases
 */
public record StateRun(
        StateBackendCase backend,
        long blockCacheBytes,
        long sstBytes,
        double loadSeconds,
        Map<StateWorkload.Phase, PhaseResult> phases) {

    public StateRun {
        Objects.requireNonNull(backend, "backend");
        Map<StateWorkload.Phase, PhaseResult> copy = new EnumMap<>(StateWorkload.Phase.class);
        copy.putAll(phases);
        phases = Collections.unmodifiableMap(copy);
        for (StateWorkload.Phase phase : StateWorkload.Phase.values()) {
            if (phase.measured() && !phases.containsKey(phase)) {
                throw new IllegalArgumentException("A run needs a result for every timed phase.");
            }
        }
    }

    /** The result of {@code phase}. */
    public PhaseResult phase(StateWorkload.Phase phase) {
        return phases.get(phase);
    }
}
