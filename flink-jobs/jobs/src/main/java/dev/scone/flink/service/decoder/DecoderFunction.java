package dev.scone.flink.service.decoder;

import dev.scone.flink.service.DeadLetters;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.flink.service.settings.DecoderSettings;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.table.FgramTable;
import dev.scone.schemas.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.IOUtils;

/**
 * The decoder: runs the served model over assembled documents. Flink's async I/O keeps the
 * documents in flight part of every checkpoint, so none is lost on failover, while a {@link
 * MicroBatcher} groups them into batches for the model. The model is loaded once per subtask in
 * open() and released in close(); with GPUs present, each subtask takes its own.
 */
public class DecoderFunction extends RichAsyncFunction<AssembledDocument, DecodeOutcome> {

    private static final long serialVersionUID = 1L;

    private final DecoderSettings settings;
    private final ModelSessionFactory modelFactory;
    private final ReplicaFactory replicaFactory;

    private transient ModelSession model;
    private transient FgramTable replica;
    private transient MicroBatcher<ResultFuture<DecodeOutcome>> batcher;
    private transient Counter documentsOut;
    private transient Counter tokensScored;
    private transient Histogram batchSizes;
    private transient Histogram latencies;

    public DecoderFunction(
            DecoderSettings settings,
            ModelSessionFactory modelFactory,
            ReplicaFactory replicaFactory) {
        this.settings = settings;
        this.modelFactory = modelFactory;
        this.replicaFactory = replicaFactory;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        model = modelFactory.open(subtask);
        replica = replicaFactory == null ? null : replicaFactory.open(subtask);
        var metrics = getRuntimeContext().getMetricGroup();
        documentsOut = metrics.counter(MetricNames.DOCUMENTS_OUT);
        tokensScored = metrics.counter(MetricNames.TOKENS_DECODED);
        metrics.meter(
                MetricNames.TOKENS_PER_SECOND,
                new org.apache.flink.metrics.MeterView(tokensScored));
        batchSizes =
                metrics.histogram(
                        MetricNames.DECODER_BATCH_SIZE, new DescriptiveStatisticsHistogram(1_000));
        latencies =
                metrics.histogram(
                        MetricNames.END_TO_END_LATENCY_MS,
                        new DescriptiveStatisticsHistogram(10_000));
        batcher =
                new MicroBatcher<>(
                        "scone-decoder-" + subtask,
                        settings.batchSize(),
                        settings.maxWait(),
                        this::scoreBatch,
                        this::generateOne);
    }

    @Override
    public void asyncInvoke(AssembledDocument document, ResultFuture<DecodeOutcome> resultFuture) {
        batcher.submit(document, resultFuture);
    }

    @Override
    public void timeout(AssembledDocument document, ResultFuture<DecodeOutcome> resultFuture) {
        resultFuture.complete(
                Collections.singleton(
                        DecodeOutcome.failed(
                                DeadLetters.of(
                                        document.request,
                                        "decoder took longer than " + settings.timeout()))));
    }

    private void scoreBatch(List<MicroBatcher.Pending<ResultFuture<DecodeOutcome>>> batch) {
        batchSizes.update(batch.size());
        MicroBatcher.scoreAll(
                model,
                batch,
                this::completeScored,
                (pending, e) -> fail(pending, "scoring failed: " + e.getMessage()));
    }

    private void completeScored(
            MicroBatcher.Pending<ResultFuture<DecodeOutcome>> pending, ScoredDocument output) {
        AssembledDocument document = pending.document;
        Result.Builder result = baseResult(document);
        result.setLogLikelihood(output.logLikelihood()).setPerplexity(output.perplexity());
        if (document.request.returnTokenLogProbs) {
            List<Float> logProbs = new ArrayList<>(output.tokenLogProbs().length);
            for (float p : output.tokenLogProbs()) {
                logProbs.add(p);
            }
            result.setTokenLogProbs(logProbs);
        }
        tokensScored.inc(document.request.tokens.length);
        complete(pending, result);
    }

    private void generateOne(MicroBatcher.Pending<ResultFuture<DecodeOutcome>> pending) {
        batchSizes.update(1);
        AssembledDocument document = pending.document;
        ModelSession.GenerateOutput output;
        try {
            output = model.generate(document, replica);
        } catch (RuntimeException e) {
            fail(pending, "generation failed: " + e.getMessage());
            return;
        }
        List<Integer> ids = new ArrayList<>(output.tokens.length);
        for (int id : output.tokens) {
            ids.add(id);
        }
        Result.Builder result =
                baseResult(document)
                        .setGeneratedText(output.text)
                        .setGeneratedTokens(ids)
                        .setPromptTokensDropped(
                                document.request.promptTokensTrimmed + output.promptTokensDropped);
        if (replica != null && !replica.version().isEmpty()) {
            result.setTableVersion(replica.version());
        }
        tokensScored.inc(document.request.tokens.length + output.tokens.length);
        complete(pending, result);
    }

    private Result.Builder baseResult(AssembledDocument document) {
        return Result.newBuilder()
                .setId(document.request.id)
                .setTask(document.request.task)
                .setTokens(document.request.promptTokensTrimmed + document.request.tokens.length)
                .setMatchedPositions(LongestMatcher.matchedPositions(document.matchLengths))
                .setMeanMatchLength(LongestMatcher.meanMatchLength(document.matchLengths))
                .setModelVersion(model.modelVersion())
                .setTableVersion(document.tableVersion == null ? "" : document.tableVersion)
                .setAttributes(document.request.attributes);
    }

    private void complete(
            MicroBatcher.Pending<ResultFuture<DecodeOutcome>> pending, Result.Builder result) {
        long latency = System.currentTimeMillis() - pending.document.request.ingestMillis;
        result.setLatencyMs(latency);
        latencies.update(latency);
        documentsOut.inc();
        pending.callback.complete(Collections.singleton(DecodeOutcome.of(result.build())));
    }

    private void fail(MicroBatcher.Pending<ResultFuture<DecodeOutcome>> pending, String reason) {
        pending.callback.complete(
                Collections.singleton(
                        DecodeOutcome.failed(DeadLetters.of(pending.document.request, reason))));
    }

    @Override
    public void close() throws Exception {
        // The batcher first, so nothing reaches the replica or the model once they are closed.
        IOUtils.closeAll(batcher, replica, model);
    }
}
