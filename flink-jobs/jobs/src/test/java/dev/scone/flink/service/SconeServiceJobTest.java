package dev.scone.flink.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.MiniClusters;
import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.flink.service.decoder.ModelSession;
import dev.scone.flink.service.decoder.ModelSessionFactory;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.table.FgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.FgramKeyCodec;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole service topology, run from bounded in-memory sources into collecting sinks, with a
 * model session that needs no weights and no broker: what {@link SconeServiceJob#defineWorkflow}
 * promises its callers. The Kafka wiring around it is covered by the ITCases in {@code tests}.
 */
class SconeServiceJobTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            MiniClusters.oneTaskManager(2, METRICS.addToConfiguration(new Configuration()));

    private static final int DIM = 8;
    private static final String MODEL_VERSION = "fake-model-1";
    private static final String TABLE_VERSION = "table-7";
    private static final String PHRASE = " the United States of America";

    @Test
    void documentsFromBoundedSourcesComeOutAsResultsAndDeadLetters() throws Exception {
        int[] phrase = Gpt2Tokenizer.get().encode(PHRASE);
        List<RawRecord> table = suffixClosedTable(Arrays.copyOfRange(phrase, 0, 4));

        List<RawRecord> documents = new ArrayList<>();
        documents.add(document(0, avro(scoreRequest("matched", "Citizens of" + PHRASE + "."))));
        documents.add(document(1, avro(scoreRequest("plain", "Nothing here repeats."))));
        documents.add(document(2, "{not a document".getBytes(StandardCharsets.UTF_8)));
        documents.add(document(3, avro(generateRequest("continued", "Hello" + PHRASE))));

        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noKryo);
        env.setParallelism(2);
        DataStream<RawRecord> changelog = env.fromData(table).name("table changelog");
        // Documents wait until every table entry is in keyed state, so that which positions
        // match does not depend on which bounded source the scheduler happens to run first.
        DataStream<RawRecord> documentStream =
                env.fromData(documents)
                        .map(new AwaitTableUpdates(table.size()))
                        .name("documents after the table");

        SconeServiceJob.Outputs outputs =
                SconeServiceJob.defineWorkflow(
                        ServiceSettings.defaults(),
                        new ServedModelInfo(DIM, 5, 64, MODEL_VERSION),
                        documentStream,
                        changelog,
                        new FakeModel(),
                        subtask -> null);

        try (CloseableIterator<Result> resultIterator = outputs.results().collectAsync();
                CloseableIterator<DeadLetter> deadLetterIterator =
                        outputs.deadLetters().collectAsync()) {
            env.execute("service topology from bounded sources");
            Map<String, Result> results = drain(resultIterator, r -> r.getId());
            List<DeadLetter> deadLetters = new ArrayList<>();
            deadLetterIterator.forEachRemaining(deadLetters::add);

            assertThat(results).containsOnlyKeys("matched", "plain", "continued");
            Result matched = results.get("matched");
            int matchedTokens = Gpt2Tokenizer.get().encode("Citizens of" + PHRASE + ".").length;
            assertThat(matched.getTokens()).isEqualTo(matchedTokens);
            // " the United States of": positions 2..4 of the f-gram end inside the table.
            assertThat(matched.getMatchedPositions()).isEqualTo(3);
            assertThat(matched.getTableVersion()).isEqualTo(TABLE_VERSION);
            assertThat(matched.getModelVersion()).isEqualTo(MODEL_VERSION);
            assertThat(matched.getLogLikelihood()).isEqualTo(-(matchedTokens - 1));
            assertThat(results.get("plain").getMatchedPositions()).isZero();
            assertThat(results.get("continued").getTask()).isEqualTo(Task.GENERATE);
            assertThat(results.get("continued").getGeneratedText()).isEqualTo(" and more");

            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).getOffset()).isEqualTo(2);
            assertThat(deadLetters.get(0).getReason()).isNotBlank();
        }
        assertThat(counterTotal(MetricNames.DOCUMENTS_TIMED_OUT)).isZero();
        assertThat(counterTotal(MetricNames.DOCUMENTS_OUT)).isEqualTo(3);
    }

    private static <T> Map<String, T> drain(CloseableIterator<T> iterator, Function<T, String> id) {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        Map<String, T> byId = all.stream().collect(Collectors.toMap(id, r -> r));
        assertThat(byId).as("one result per document").hasSameSizeAs(all);
        return byId;
    }

    /**
     * Every f-gram of {@code tokens} of length 2 or more that ends at its last token's suffixes.
     */
    private static List<RawRecord> suffixClosedTable(int[] tokens) {
        List<RawRecord> records = new ArrayList<>();
        long offset = 0;
        for (int end = 2; end <= tokens.length; end++) {
            for (int start = end - 2; start >= 0; start--) {
                int[] fgram = Arrays.copyOfRange(tokens, start, end);
                FgramEntry entry =
                        FgramEntry.newBuilder()
                                .setTokens(Arrays.stream(fgram).boxed().toList())
                                .setDim(DIM)
                                .setVector(ByteBuffer.wrap(new byte[2 * DIM]))
                                .setModelVersion(MODEL_VERSION)
                                .setTableVersion(TABLE_VERSION)
                                .build();
                records.add(
                        RawRecord.of(
                                "scone.fgram-table",
                                offset++,
                                FgramKeyCodec.encode(fgram),
                                SingleObjectCodec.fgramEntries().encode(entry)));
            }
        }
        return records;
    }

    private static Document scoreRequest(String id, String text) {
        return Document.newBuilder().setId(id).setText(text).setTask(Task.SCORE).build();
    }

    private static Document generateRequest(String id, String prompt) {
        return Document.newBuilder()
                .setId(id)
                .setText(prompt)
                .setTask(Task.GENERATE)
                .setMaxNewTokens(2)
                .build();
    }

    private static byte[] avro(Document document) {
        return SingleObjectCodec.documents().encode(document);
    }

    private static RawRecord document(long offset, byte[] value) {
        return RawRecord.of("scone.documents", offset, null, value);
    }

    private static long counterTotal(String name) {
        long total = 0;
        for (Map<String, Metric> metrics : METRICS.getMetricsByGroup().values()) {
            Metric metric = metrics.get(name);
            if (metric instanceof Counter counter) {
                total += counter.getCount();
            }
        }
        return total;
    }

    /** Holds each document back until the keyed table has applied every changelog record. */
    static final class AwaitTableUpdates implements MapFunction<RawRecord, RawRecord> {
        private static final long serialVersionUID = 1L;
        private static final Duration PATIENCE = Duration.ofSeconds(60);

        private final int expectedUpdates;

        AwaitTableUpdates(int expectedUpdates) {
            this.expectedUpdates = expectedUpdates;
        }

        @Override
        public RawRecord map(RawRecord record) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (counterTotal(MetricNames.TABLE_UPDATES_APPLIED) < expectedUpdates) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the table changelog was never applied");
                }
                Thread.sleep(20);
            }
            return record;
        }
    }

    /**
     * A model that needs no weights: each document's log-likelihood is minus its number of
     * predicted tokens, and every continuation is the same two tokens.
     */
    static final class FakeModel implements ModelSessionFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ModelSession open(int subtaskIndex) {
            return new ModelSession() {
                @Override
                public String modelVersion() {
                    return MODEL_VERSION;
                }

                @Override
                public List<ScoredDocument> score(List<AssembledDocument> batch) {
                    List<ScoredDocument> outputs = new ArrayList<>();
                    for (AssembledDocument document : batch) {
                        int predicted = document.request.tokens.length - 1;
                        outputs.add(new ScoredDocument(new float[predicted], -predicted, 0, 0.0));
                    }
                    return outputs;
                }

                @Override
                public GenerateOutput generate(AssembledDocument prompt, FgramTable replica) {
                    int[] tokens = Gpt2Tokenizer.get().encode(" and more");
                    return new GenerateOutput(tokens, " and more", 0, 0);
                }

                @Override
                public void close() {}
            };
        }
    }
}
