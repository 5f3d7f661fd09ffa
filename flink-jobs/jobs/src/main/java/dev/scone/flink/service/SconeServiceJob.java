package dev.scone.flink.service;

import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.flink.service.assembly.DocumentAssembler;
import dev.scone.flink.service.decoder.DecodeOutcome;
import dev.scone.flink.service.decoder.DecoderFunction;
import dev.scone.flink.service.decoder.ModelSessionFactory;
import dev.scone.flink.service.decoder.ReplicaFactory;
import dev.scone.flink.service.ingest.DocumentParser;
import dev.scone.flink.service.ingest.DocumentTokenizer;
import dev.scone.flink.service.ingest.PositionFanout;
import dev.scone.flink.service.matching.FgramMatch;
import dev.scone.flink.service.matching.PositionLookup;
import dev.scone.flink.service.matching.PositionMatch;
import dev.scone.flink.service.matching.PositionMatchTypeInfo;
import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.flink.service.table.TableChangelogParser;
import dev.scone.flink.service.table.TableEntryValidator;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Result;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * The streaming service, assembled in one method from its sources: documents in, results and dead
 * letters out. Reading it top to bottom follows a document through the job:
 *
 * <pre>
 *   documents -> DocumentParser -> DocumentTokenizer -> PositionFanout
 *             -> keyBy(bigram) FgramMatch  <- keyBy(bigram) TableChangelogParser <- changelog
 *             -> keyBy(request) DocumentAssembler -> DecoderFunction -> results
 *   every step's unusable records -> dead letters
 * </pre>
 *
 * <p>Sources and sinks are parameters: {@code ServiceRunner} wires Kafka, tests wire bounded
 * collections.
 */
public final class SconeServiceJob {

    private SconeServiceJob() {}

    /** The two outputs of the service. */
    public record Outputs(DataStream<Result> results, DataStream<DeadLetter> deadLetters) {}

    /**
     * Defines the service's dataflow.
     *
     * @param documents raw records of the documents topic
     * @param tableChangelog raw records of the f-gram table changelog, from its beginning
     * @param replicas the decoders' generation replicas, or null to refuse GENERATE requests' table
     *     lookups (generated tokens then use plain token embeddings)
     */
    public static Outputs defineWorkflow(
            ServiceSettings settings,
            ServedModelInfo model,
            DataStream<RawRecord> documents,
            DataStream<RawRecord> tableChangelog,
            ModelSessionFactory models,
            ReplicaFactory replicas) {

        SingleOutputStreamOperator<DocumentRequest> decoded =
                documents
                        .process(new DocumentParser(settings.ingest()))
                        .uid("decode-documents")
                        .name("Parse documents");

        SingleOutputStreamOperator<DocumentRequest> tokenized =
                decoded.map(new DocumentTokenizer(model.contextLength(), model.maxFgramLength()))
                        .uid("tokenize")
                        .name("Tokenize (GPT-2 BPE)");

        DataStream<PositionLookup> lookups =
                tokenized
                        .flatMap(new PositionFanout(model.maxFgramLength()))
                        .uid("fan-out-positions")
                        .name("Fan out positions");

        SingleOutputStreamOperator<TableUpdate> tableUpdates =
                tableChangelog
                        .process(new TableChangelogParser(TableEntryValidator.forModel(model)))
                        .uid("decode-table-changelog")
                        .name("Parse table changelog");

        SingleOutputStreamOperator<PositionMatch> matches =
                lookups.keyBy(new LookupBigram())
                        .connect(tableUpdates.keyBy(new UpdateBigram()))
                        // The matches carry the vectors to the assembler: written as one block
                        // each, not field by field (PositionMatchSerializer).
                        .process(new FgramMatch(), PositionMatchTypeInfo.INSTANCE)
                        .uid("fgram-match")
                        .name("Longest f-gram match (keyed table)");

        SingleOutputStreamOperator<AssembledDocument> assembled =
                tokenized
                        .keyBy(new RequestKeyOfDocument())
                        .connect(matches.keyBy(new RequestKeyOfMatch()))
                        .process(new DocumentAssembler(settings.assembly().timeout()))
                        .uid("assemble-documents")
                        .name("Assemble documents");

        SingleOutputStreamOperator<DecodeOutcome> outcomes =
                AsyncDataStream.unorderedWait(
                                assembled,
                                new DecoderFunction(settings.decoder(), models, replicas),
                                settings.decoder().timeout().toMillis(),
                                TimeUnit.MILLISECONDS,
                                settings.decoder().capacity())
                        .uid("decoder")
                        .name("Decoder (DJL, micro-batched)");

        DataStream<Result> results =
                outcomes.flatMap(new ResultsOf()).uid("results").name("Results");
        DataStream<DeadLetter> deadLetters =
                outcomes.flatMap(new DeadLettersOf())
                        .uid("decoder-dead-letters")
                        .name("Decoder dead letters")
                        .union(
                                decoded.getSideOutput(DeadLetters.TAG),
                                tableUpdates.getSideOutput(DeadLetters.TAG),
                                assembled.getSideOutput(DeadLetters.TAG));
        return new Outputs(results, deadLetters);
    }

    static final class LookupBigram implements KeySelector<PositionLookup, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(PositionLookup lookup) {
            return lookup.bigram();
        }
    }

    static final class UpdateBigram implements KeySelector<TableUpdate, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(TableUpdate update) {
            return update.bigram();
        }
    }

    static final class RequestKeyOfDocument implements KeySelector<DocumentRequest, RequestKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public RequestKey getKey(DocumentRequest request) {
            return request.requestKey;
        }
    }

    static final class RequestKeyOfMatch implements KeySelector<PositionMatch, RequestKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public RequestKey getKey(PositionMatch match) {
            return match.requestKey;
        }
    }

    static final class ResultsOf implements FlatMapFunction<DecodeOutcome, Result> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(DecodeOutcome outcome, Collector<Result> out) {
            if (outcome.result != null) {
                out.collect(outcome.result);
            }
        }
    }

    static final class DeadLettersOf implements FlatMapFunction<DecodeOutcome, DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(DecodeOutcome outcome, Collector<DeadLetter> out) {
            if (outcome.deadLetter != null) {
                out.collect(outcome.deadLetter);
            }
        }
    }
}
