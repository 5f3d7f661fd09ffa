package dev.scone.flink.sql;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.flink.service.decoder.DjlModelSessionFactory;
import dev.scone.flink.service.decoder.MicroBatcher;
import dev.scone.flink.service.decoder.ModelSession;
import dev.scone.flink.service.table.KafkaTableReplica;
import dev.scone.flink.service.table.TableEntryValidator;
import dev.scone.flink.sql.SconeModelOptions.Task;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.table.Bf16;
import dev.scone.model.table.FgramTable;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.util.IOUtils;

/**
 * {@code ML_PREDICT} with a SCONE model in one task. Each row's text is tokenized and every
 * position looked up in the task's own copy of the table (longest f-gram of 2..K tokens ending
 * there, as the streaming service's keyed state answers), then queued on the streaming decoder's
 * {@link MicroBatcher}, whose single thread runs the model over batches of rows. Flink's async
 * operator keeps the rows in flight part of every checkpoint.
 *
 * <p>The model and the table are loaded in {@link #open} and released in {@link #close}, once per
 * parallel instance; only the batcher thread calls the model. Public because the planner's
 * generated code refers to the class.
 */
public final class SconePredictFunction extends AsyncPredictFunction {

    private static final long serialVersionUID = 1L;

    private final SconeModelSettings settings;

    private transient ModelSession model;
    private transient FgramTable table;
    private transient MicroBatcher<CompletableFuture<Collection<RowData>>> batcher;
    private transient Histogram batchSizes;

    SconePredictFunction(SconeModelSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        super.open(context);
        TaskInfo task = context.getTaskInfo();
        int subtask = task.getIndexOfThisSubtask();
        int threads =
                settings.threads() > 0
                        ? settings.threads()
                        : Math.max(
                                1,
                                Runtime.getRuntime().availableProcessors()
                                        / Math.max(1, task.getNumberOfParallelSubtasks()));
        table = openTable(subtask);
        model = new DjlModelSessionFactory(Path.of(settings.modelDir()), threads).open(subtask);
        batchSizes =
                context.getMetricGroup()
                        .histogram(
                                MetricNames.DECODER_BATCH_SIZE,
                                new DescriptiveStatisticsHistogram(1_000));
        batcher =
                new MicroBatcher<>(
                        "scone-sql-predict-" + subtask,
                        settings.batchSize(),
                        settings.maxWait(),
                        this::scoreBatch,
                        this::generateOne);
    }

    private FgramTable openTable(int subtask) throws Exception {
        if (settings.tableFile() != null) {
            return FgramTableFile.load(Path.of(settings.tableFile()));
        }
        if (settings.tableTopic() == null) {
            return null;
        }
        Properties consumer = new Properties();
        consumer.putAll(settings.kafkaProperties());
        return new KafkaTableReplica(
                        consumer,
                        settings.tableTopic(),
                        new TableEntryValidator(
                                settings.dimension(),
                                settings.maxFgramLength(),
                                settings.modelVersion()),
                        settings.dimension(),
                        settings.modelVersion(),
                        settings.replica())
                .open(subtask);
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData input) {
        CompletableFuture<Collection<RowData>> answer = new CompletableFuture<>();
        if (input.isNullAt(0)) {
            // No text, nothing to say about it: the row is left out, as ML_PREDICT does for a
            // prediction that returns no rows.
            answer.complete(List.of());
            return answer;
        }
        AssembledDocument document = assemble(input.getString(0).toString());
        if (document.request.tokens.length == 0) {
            answer.complete(List.of(emptyText(document)));
            return answer;
        }
        batcher.submit(document, answer);
        return answer;
    }

    /** The row's text as the decoder takes a document: tokens and every position's match. */
    private AssembledDocument assemble(String text) {
        DocumentRequest request = new DocumentRequest();
        request.task =
                settings.task() == Task.generate
                        ? dev.scone.schemas.Task.GENERATE
                        : dev.scone.schemas.Task.SCORE;
        request.text = text;
        request.tokens = Gpt2Tokenizer.get().encode(text);
        request.maxNewTokens = settings.maxNewTokens();
        request.temperature = settings.temperature();
        request.topK = settings.topK();
        request.seed = settings.seed();
        request.ingestMillis = System.currentTimeMillis();
        int[] tokens = request.tokens;
        int[] lengths = new int[tokens.length];
        ByteArrayOutputStream vectors = new ByteArrayOutputStream();
        if (table != null) {
            short[] vector = new short[settings.dimension()];
            byte[] bytes = new byte[Bf16.BYTES * settings.dimension()];
            for (int end = 1; end < tokens.length; end++) {
                for (int length = Math.min(settings.maxFgramLength(), end + 1);
                        length >= 2;
                        length--) {
                    if (table.lookupBf16(tokens, end - length + 1, length, vector, 0)) {
                        lengths[end] = length;
                        Bf16.encode(vector, 0, bytes, 0, vector.length);
                        vectors.writeBytes(bytes);
                        break;
                    }
                }
            }
        }
        AssembledDocument document = new AssembledDocument();
        document.request = request;
        document.matchLengths = lengths;
        document.vectors = vectors.toByteArray();
        document.tableVersion = table == null ? "" : table.version();
        return document;
    }

    private void scoreBatch(
            List<MicroBatcher.Pending<CompletableFuture<Collection<RowData>>>> batch) {
        batchSizes.update(batch.size());
        MicroBatcher.scoreAll(
                model,
                batch,
                (pending, output) ->
                        pending.callback.complete(
                                List.of(
                                        row(
                                                pending.document,
                                                output.logLikelihood(),
                                                output.perplexity(),
                                                null))),
                (pending, e) -> pending.callback.completeExceptionally(e));
    }

    private void generateOne(MicroBatcher.Pending<CompletableFuture<Collection<RowData>>> pending) {
        batchSizes.update(1);
        try {
            ModelSession.GenerateOutput output = model.generate(pending.document, table);
            pending.callback.complete(List.of(row(pending.document, 0, 1, output)));
        } catch (RuntimeException e) {
            pending.callback.completeExceptionally(e);
        }
    }

    /** The answer for a text of no tokens: nothing to predict, nothing generated. */
    private RowData emptyText(AssembledDocument document) {
        return row(
                document,
                0,
                1,
                settings.task() == Task.generate
                        ? new ModelSession.GenerateOutput(new int[0], "", 0, 0)
                        : null);
    }

    /** The OUTPUT row, its columns in the model's order. */
    private RowData row(
            AssembledDocument document,
            double logLikelihood,
            double perplexity,
            ModelSession.GenerateOutput generated) {
        List<OutputColumn> outputs = settings.outputs();
        GenericRowData row = new GenericRowData(outputs.size());
        int matched = document.matchedPositions();
        for (int c = 0; c < outputs.size(); c++) {
            Object value =
                    switch (outputs.get(c)) {
                        case TOKENS -> document.request.tokens.length;
                        case LOG_LIKELIHOOD -> logLikelihood;
                        case PERPLEXITY -> perplexity;
                        case MATCHED_POSITIONS -> matched;
                        case MEAN_MATCH_LENGTH ->
                                LongestMatcher.meanMatchLength(document.matchLengths);
                        case GENERATED_TEXT ->
                                generated == null ? null : StringData.fromString(generated.text);
                        case GENERATED_TOKENS -> generated == null ? null : generated.tokens.length;
                        case PROMPT_TOKENS_DROPPED ->
                                generated == null ? null : generated.promptTokensDropped;
                        case MODEL_VERSION -> StringData.fromString(settings.modelVersion());
                        case TABLE_VERSION -> StringData.fromString(document.tableVersion);
                    };
            row.setField(c, value);
        }
        return row;
    }

    @Override
    public void close() throws Exception {
        try {
            // The batcher first, so nothing reaches the table or the model once they are closed.
            IOUtils.closeAll(batcher, table, model);
        } finally {
            super.close();
        }
    }
}
