package dev.scone.flink.service.matching;

import dev.scone.flink.service.MetricNames;
import dev.scone.model.matching.ProbeDown;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The f-gram embedding table, partitioned by bigram across the cluster in keyed state (RocksDB in
 * production), and the longest-match lookup against it.
 *
 * <p>Per key (the bigram b), a map from "the tokens before b, and the length" to the vector of
 * every f-gram that ends with b, plus the longest such length. A lookup probes from the longest
 * length the key holds (capped by the position's context) down to 2 and takes the first hit: with
 * the suffix-closed tables {@code scone table publish} writes that is the same answer as probing
 * upwards, and it stays right while a changelog replay or a delete briefly leaves the state
 * unclosed. A position whose bigram is no f-gram costs one state read.
 *
 * <p>Input 2 is the table changelog: puts and deletes applied as they arrive, so updates take
 * effect without restarting anything.
 */
public class FgramMatch
        extends KeyedCoProcessFunction<Long, PositionLookup, TableUpdate, PositionMatch> {

    private static final long serialVersionUID = 1L;

    private transient MapState<Long, StoredVector> vectors;
    private transient ValueState<Integer> longestLength;
    private transient String lastAppliedVersion;
    private transient long lastAppliedAt;
    private transient Counter lookups;
    private transient Counter hits;
    private transient Counter tableUpdates;
    private transient Histogram matchLengths;

    /** What the last successful probe of {@link #processElement1} read from state. */
    private transient StoredVector probed;

    @Override
    public void open(OpenContext openContext) {
        vectors =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "fgram-vectors",
                                        Types.LONG,
                                        Types.POJO(StoredVector.class)));
        longestLength =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("longest-fgram-length", Types.INT));
        lastAppliedVersion = "";
        var metrics = getRuntimeContext().getMetricGroup();
        lookups = metrics.counter(MetricNames.FGRAM_LOOKUPS);
        hits = metrics.counter(MetricNames.FGRAM_HITS);
        tableUpdates = metrics.counter(MetricNames.TABLE_UPDATES_APPLIED);
        matchLengths =
                metrics.histogram(
                        MetricNames.MATCH_LENGTH, new DescriptiveStatisticsHistogram(10_000));
        metrics.gauge(MetricNames.FGRAM_HIT_RATE, this::hitRate);
    }

    private double hitRate() {
        long total = lookups.getCount();
        return total == 0 ? 0.0 : (double) hits.getCount() / total;
    }

    @Override
    public void processElement1(PositionLookup lookup, Context ctx, Collector<PositionMatch> out)
            throws Exception {
        lookups.inc();
        PositionMatch match = new PositionMatch();
        match.requestKey = lookup.requestKey;
        match.position = lookup.position;
        match.tableVersion = lastAppliedVersion;
        match.tableVersionAppliedAt = lastAppliedAt;
        Integer longest = longestLength.value();
        if (longest != null) {
            int[] context = lookup.context;
            int length =
                    ProbeDown.longestHeld(
                            Math.min(longest, context.length),
                            n -> (probed = vectors.get(BigramKey.prefixKey(context, n))) != null);
            if (length > 0) {
                match.length = length;
                match.vector = probed.vector;
                match.tableVersion = probed.tableVersion;
                match.tableVersionAppliedAt = probed.appliedAt;
                hits.inc();
            }
        }
        matchLengths.update(match.length);
        out.collect(match);
    }

    @Override
    public void processElement2(TableUpdate update, Context ctx, Collector<PositionMatch> out)
            throws Exception {
        long key = BigramKey.prefixKey(update.tokens, update.tokens.length);
        long now = System.currentTimeMillis();
        if (update.isDelete()) {
            vectors.remove(key);
            // The longest length is left as is: it is an upper bound for probing, never wrong.
        } else {
            vectors.put(key, new StoredVector(update.vector, update.tableVersion, now));
            Integer longest = longestLength.value();
            if (longest == null || update.tokens.length > longest) {
                longestLength.update(update.tokens.length);
            }
        }
        lastAppliedVersion = update.tableVersion == null ? "" : update.tableVersion;
        lastAppliedAt = now;
        tableUpdates.inc();
    }
}
