package dev.scone.flink.discovery;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.matching.TableUpdate;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Cuts each tokenized document into its n-grams of length 2..K and sends on those worth counting,
 * Apriori-style as the paper's offline passes do, but against the live table: a bigram is always
 * counted; an n-gram of 3..K tokens only while both its (n-1)-prefix and its (n-1)-suffix are in
 * the table. Frequent n-grams are admitted to the table as soon as they reach the count, so "in the
 * table" is "frequent" here, and a discovered n-gram's suffix is always in the table before it
 * (suffix closure by construction).
 *
 * <p>N-grams of the shipped table are not counted at all; discovered ones are sent flagged, so
 * their counts keep them from expiring. The table's keys (16 bytes each and a flag) are broadcast
 * state, fed from the same changelog the service reads, so every subtask holds the whole key set:
 * its size is the table's, bounded by the shipped table plus {@code --max-discovered}.
 */
public class NgramFanout
        extends BroadcastProcessFunction<DocumentRequest, TableUpdate, NgramOccurrence> {

    private static final long serialVersionUID = 1L;

    /** The table's keys; true marks a discovered entry, false one of the shipped table. */
    public static final MapStateDescriptor<Tuple2<Long, Long>, Boolean> TABLE_KEYS =
            new MapStateDescriptor<>(
                    "table-keys",
                    TypeInformation.of(new TypeHint<Tuple2<Long, Long>>() {}),
                    Types.BOOLEAN);

    private final int maxLength;
    private transient Counter counted;
    private transient Counter pruned;

    /**
     * @param maxLength the model's K
     */
    public NgramFanout(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public void open(OpenContext openContext) {
        counted =
                getRuntimeContext()
                        .getMetricGroup()
                        .counter(DiscoveryMetricNames.OCCURRENCES_COUNTED);
        pruned =
                getRuntimeContext()
                        .getMetricGroup()
                        .counter(DiscoveryMetricNames.OCCURRENCES_PRUNED);
    }

    @Override
    public void processElement(
            DocumentRequest document, ReadOnlyContext ctx, Collector<NgramOccurrence> out)
            throws Exception {
        ReadOnlyBroadcastState<Tuple2<Long, Long>, Boolean> table =
                ctx.getBroadcastState(TABLE_KEYS);
        int[] tokens = document.tokens;
        for (int end = 1; end < tokens.length; end++) {
            for (int length = 2; length <= Math.min(maxLength, end + 1); length++) {
                int[] gram = Arrays.copyOfRange(tokens, end - length + 1, end + 1);
                Boolean stored = table.get(NgramKey.of(gram));
                if (stored != null) {
                    if (stored) {
                        counted.inc();
                        out.collect(new NgramOccurrence(gram, document.recordMillis, true));
                    }
                    continue;
                }
                if (length > 2
                        && (!table.contains(NgramKey.of(Arrays.copyOf(gram, length - 1)))
                                || !table.contains(
                                        NgramKey.of(Arrays.copyOfRange(gram, 1, length))))) {
                    pruned.inc();
                    continue;
                }
                counted.inc();
                out.collect(new NgramOccurrence(gram, document.recordMillis, false));
            }
        }
    }

    @Override
    public void processBroadcastElement(
            TableUpdate update, Context ctx, Collector<NgramOccurrence> out) throws Exception {
        BroadcastState<Tuple2<Long, Long>, Boolean> table = ctx.getBroadcastState(TABLE_KEYS);
        if (update.isDelete()) {
            table.remove(NgramKey.of(update.tokens));
        } else {
            table.put(
                    NgramKey.of(update.tokens), DiscoveryVersion.isDiscovered(update.tableVersion));
        }
    }
}
