package dev.scone.flink.service.assembly;

import dev.scone.flink.service.DeadLetters;
import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.ingest.PositionFanout;
import dev.scone.flink.service.matching.PositionMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gathers a document and the matches of all its positions, which arrive from many subtasks in any
 * order, and emits the document once complete. A processing-time timer bounds the wait: a document
 * still incomplete when it fires goes to the dead-letter topic rather than waiting forever. State
 * of a key is cleared as soon as it is emitted or timed out.
 *
 * <p>The table version of the result is the version of the most recently applied entry among those
 * the document used; a document that matched nothing reports the newest version its lookups'
 * subtasks had applied.
 */
public class DocumentAssembler
        extends KeyedCoProcessFunction<
                RequestKey, DocumentRequest, PositionMatch, AssembledDocument> {

    private static final long serialVersionUID = 1L;

    private final long timeoutMillis;
    private transient ValueState<DocumentRequest> document;
    private transient ListState<PositionMatch> matches;
    private transient ValueState<Integer> matchCount;
    private transient ValueState<Long> deadline;
    private transient Counter timedOut;

    public DocumentAssembler(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        document =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "document", Types.POJO(DocumentRequest.class)));
        matches =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "matches", Types.POJO(PositionMatch.class)));
        matchCount =
                getRuntimeContext().getState(new ValueStateDescriptor<>("match-count", Types.INT));
        deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", Types.LONG));
        timedOut = getRuntimeContext().getMetricGroup().counter(MetricNames.DOCUMENTS_TIMED_OUT);
    }

    @Override
    public void processElement1(
            DocumentRequest request, Context ctx, Collector<AssembledDocument> out)
            throws Exception {
        document.update(request);
        armTimer(ctx);
        emitIfComplete(ctx, out);
    }

    @Override
    public void processElement2(PositionMatch match, Context ctx, Collector<AssembledDocument> out)
            throws Exception {
        matches.add(match);
        Integer count = matchCount.value();
        matchCount.update(count == null ? 1 : count + 1);
        armTimer(ctx);
        emitIfComplete(ctx, out);
    }

    private void armTimer(Context ctx) throws Exception {
        if (deadline.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + timeoutMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            deadline.update(at);
        }
    }

    private void emitIfComplete(Context ctx, Collector<AssembledDocument> out) throws Exception {
        DocumentRequest request = document.value();
        if (request == null) {
            return;
        }
        Integer count = matchCount.value();
        int received = count == null ? 0 : count;
        if (received < PositionFanout.lookupsFor(request)) {
            return;
        }
        out.collect(assemble(request, matches.get()));
        clear(ctx);
    }

    static AssembledDocument assemble(DocumentRequest request, Iterable<PositionMatch> received) {
        int n = request.tokens.length;
        PositionMatch[] byPosition = new PositionMatch[n];
        for (PositionMatch match : received) {
            byPosition[match.position] = match;
        }
        int vectorBytes = 0;
        for (int i = 1; i < n; i++) {
            if (byPosition[i].length > 0) {
                vectorBytes += byPosition[i].vector.length;
            }
        }
        AssembledDocument assembled = new AssembledDocument();
        assembled.request = request;
        assembled.matchLengths = new int[n];
        // One array of the final size: each vector is copied once, straight to its place.
        byte[] vectors = new byte[vectorBytes];
        int offset = 0;
        String version = "";
        long versionAppliedAt = Long.MIN_VALUE;
        String fallbackVersion = "";
        long fallbackAppliedAt = Long.MIN_VALUE;
        for (int i = 1; i < n; i++) {
            PositionMatch match = byPosition[i];
            if (match.length > 0) {
                assembled.matchLengths[i] = match.length;
                System.arraycopy(match.vector, 0, vectors, offset, match.vector.length);
                offset += match.vector.length;
                if (match.tableVersionAppliedAt > versionAppliedAt) {
                    version = match.tableVersion;
                    versionAppliedAt = match.tableVersionAppliedAt;
                }
            } else if (match.tableVersionAppliedAt > fallbackAppliedAt) {
                fallbackVersion = match.tableVersion;
                fallbackAppliedAt = match.tableVersionAppliedAt;
            }
        }
        assembled.vectors = vectors;
        assembled.tableVersion = versionAppliedAt == Long.MIN_VALUE ? fallbackVersion : version;
        return assembled;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AssembledDocument> out)
            throws Exception {
        DocumentRequest request = document.value();
        Integer count = matchCount.value();
        int received = count == null ? 0 : count;
        timedOut.inc();
        if (request != null) {
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetters.of(
                            request,
                            "timed out after "
                                    + timeoutMillis
                                    + " ms with "
                                    + received
                                    + " of "
                                    + PositionFanout.lookupsFor(request)
                                    + " f-gram matches"));
        } else {
            List<PositionMatch> orphans = new ArrayList<>();
            matches.get().forEach(orphans::add);
            DocumentRequest unknown = new DocumentRequest();
            unknown.requestKey = ctx.getCurrentKey();
            unknown.id = "?";
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetters.of(
                            unknown,
                            orphans.size()
                                    + " f-gram matches arrived but their document never did"));
        }
        document.clear();
        matches.clear();
        matchCount.clear();
        deadline.clear();
    }

    private void clear(Context ctx) throws Exception {
        Long at = deadline.value();
        if (at != null) {
            ctx.timerService().deleteProcessingTimeTimer(at);
        }
        document.clear();
        matches.clear();
        matchCount.clear();
        deadline.clear();
    }
}
