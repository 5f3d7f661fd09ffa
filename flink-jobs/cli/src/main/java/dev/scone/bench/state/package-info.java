/**
 * The state benchmark's job: the service's keyed match operator on a local MiniCluster at
 * parallelism 1, fed a synthetic suffix-closed table through its changelog input and then a
 * bounded, gated stream of lookups in phases, timed from inside the operator's own task; one run
 * per state backend (JVM heap, RocksDB with a block cache that holds the table or a tenth of it),
 * compared by {@code scone bench state}.
 */
package dev.scone.bench.state;
