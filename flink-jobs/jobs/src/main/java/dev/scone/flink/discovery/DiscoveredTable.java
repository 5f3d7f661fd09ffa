package dev.scone.flink.discovery;

import dev.scone.flink.service.matching.TableUpdate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The table keeper, at parallelism 1: the one place that sees every discovered f-gram, so the one
 * place that can keep their number within {@code --max-discovered}. It publishes each embedded
 * admission and, while the table holds more discovered f-grams than that, deletes the coldest with
 * a tombstone; f-grams of the model's own vocabulary are never published and never expired.
 *
 * <p>Deleting an f-gram first deletes the discovered f-grams it is a suffix of, longest first, so
 * the table stays suffix-closed at every offset of the log. A new admission is never the one to go:
 * it is the freshest there is.
 *
 * <p>From the table changelog it learns discovered entries a previous run published (they rank as
 * cold as can be until the counter reports their heat), forgets entries the shipped table took
 * over, and forgets entries someone else deleted. Its own writes come back through the changelog
 * too; it ignores the echo of its own tombstones, which can arrive after the f-gram was admitted
 * again. The map is bounded by {@code --max-discovered} and is operator state, part of every
 * checkpoint.
 */
public class DiscoveredTable extends CoProcessFunction<DiscoveryEvent, TableUpdate, TableWrite>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final int maxDiscovered;
    private final double halfLifeMillis;
    private final VocabularyKeys vocabularyKeys;
    private transient Map<Tuple2<Long, Long>, DiscoveredEntry> entries;
    private transient Set<Tuple2<Long, Long>> vocabulary;
    private transient ListState<DiscoveredEntry> checkpointed;
    private transient Counter published;
    private transient Counter expired;

    public DiscoveredTable(
            int maxDiscovered, CountingSettings counting, VocabularyKeys vocabularyKeys) {
        this.maxDiscovered = maxDiscovered;
        this.halfLifeMillis = counting.window().toMillis();
        this.vocabularyKeys = vocabularyKeys;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        vocabulary = vocabularyKeys.load();
        published = getRuntimeContext().getMetricGroup().counter(DiscoveryMetricNames.PUBLISHED);
        expired = getRuntimeContext().getMetricGroup().counter(DiscoveryMetricNames.EXPIRED);
        getRuntimeContext()
                .getMetricGroup()
                .gauge(DiscoveryMetricNames.DISCOVERED_IN_TABLE, () -> entries.size());
    }

    private double score(double count, long timeMillis) {
        return Math.log(Math.max(count, 1e-9)) / Math.log(2) + timeMillis / halfLifeMillis;
    }

    @Override
    public void processElement1(DiscoveryEvent event, Context ctx, Collector<TableWrite> out) {
        Tuple2<Long, Long> key = NgramKey.of(event.tokens);
        if (vocabulary.contains(key)) {
            return;
        }
        double score = score(event.count, event.timeMillis);
        DiscoveredEntry entry = entries.get(key);
        if (!event.isAdmission()) {
            if (entry != null) {
                entry.score = Math.max(entry.score, score);
            }
            return;
        }
        if (entry == null) {
            entries.put(key, new DiscoveredEntry(event.tokens, score, true));
        } else {
            entry.score = Math.max(entry.score, score);
            entry.admittedHere = true;
        }
        out.collect(new TableWrite(event.tokens, event.vector));
        published.inc();
        shrink(event.tokens, out);
    }

    @Override
    public void processElement2(TableUpdate update, Context ctx, Collector<TableWrite> out) {
        Tuple2<Long, Long> key = NgramKey.of(update.tokens);
        DiscoveredEntry entry = entries.get(key);
        if (update.isDelete()) {
            if (entry != null && !entry.admittedHere) {
                entries.remove(key);
            }
        } else if (!DiscoveryVersion.isDiscovered(update.tableVersion)) {
            entries.remove(key);
        } else if (entry == null && !vocabulary.contains(key)) {
            entries.put(key, new DiscoveredEntry(update.tokens, Double.NEGATIVE_INFINITY, false));
            shrink(null, out);
        }
    }

    /**
     * Deletes the coldest entries until at most the bound remain; never {@code keep} (a new
     * admission, or null) nor one of its suffixes.
     */
    private void shrink(int[] keep, Collector<TableWrite> out) {
        while (entries.size() > maxDiscovered) {
            Map.Entry<Tuple2<Long, Long>, DiscoveredEntry> coldest = null;
            for (Map.Entry<Tuple2<Long, Long>, DiscoveredEntry> candidate : entries.entrySet()) {
                if (keep != null && endsWith(keep, candidate.getValue().tokens)) {
                    continue;
                }
                if (coldest == null || colder(candidate.getValue(), coldest.getValue())) {
                    coldest = candidate;
                }
            }
            if (coldest == null) {
                return;
            }
            expire(coldest.getValue().tokens, out);
        }
    }

    /** Colder first; at equal heat the longer one, which nothing shorter depends on. */
    private static boolean colder(DiscoveredEntry a, DiscoveredEntry b) {
        if (a.score != b.score) {
            return a.score < b.score;
        }
        return a.tokens.length > b.tokens.length;
    }

    /** Deletes {@code tokens} and every discovered f-gram it is a suffix of, longest first. */
    private void expire(int[] tokens, Collector<TableWrite> out) {
        List<DiscoveredEntry> doomed = new ArrayList<>();
        for (DiscoveredEntry entry : entries.values()) {
            if (endsWith(entry.tokens, tokens)) {
                doomed.add(entry);
            }
        }
        doomed.sort(Comparator.comparingInt((DiscoveredEntry e) -> -e.tokens.length));
        for (DiscoveredEntry entry : doomed) {
            entries.remove(NgramKey.of(entry.tokens));
            out.collect(new TableWrite(entry.tokens, null));
            expired.inc();
        }
    }

    private static boolean endsWith(int[] gram, int[] suffix) {
        if (gram.length < suffix.length) {
            return false;
        }
        return Arrays.equals(
                gram, gram.length - suffix.length, gram.length, suffix, 0, suffix.length);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(new ArrayList<>(entries.values()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "discovered-entries", DiscoveredEntry.class));
        entries = new HashMap<>();
        for (DiscoveredEntry entry : checkpointed.get()) {
            entries.put(NgramKey.of(entry.tokens), entry);
        }
    }
}
