package dev.scone.flink.discovery;

import dev.scone.flink.service.DeadLetters;
import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.ServedModelInfo;
import dev.scone.flink.service.ingest.DocumentParser;
import dev.scone.flink.service.ingest.DocumentTokenizer;
import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.flink.service.table.TableChangelogParser;
import dev.scone.flink.service.table.TableEntryValidator;
import dev.scone.schemas.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The discovery job, assembled in one method from its sources: documents and the table changelog
 * in, table writes and dead letters out.
 *
 * <pre>
 *   documents -> DocumentParser -> DocumentTokenizer.wholeText() -> NgramFanout  <- broadcast(changelog)
 *             -> keyBy(n-gram) NgramCounter                          <- keyBy(changelog)
 *             -> FgramEmbedder -> DiscoveredTable (parallelism 1)     <- changelog
 *             -> table writes
 *   bad documents -> dead letters
 * </pre>
 *
 * <p>Sources and sinks are parameters: {@link DiscoveryRunner} wires Kafka, tests wire bounded
 * collections. Invalid changelog records are skipped here, not dead-lettered: the service already
 * dead-letters each one, and a second letter for the same record would only be noise.
 */
public final class FgramDiscoveryJob {

    private FgramDiscoveryJob() {}

    /** The two outputs of the job. */
    public record Outputs(DataStream<TableWrite> tableWrites, DataStream<DeadLetter> deadLetters) {}

    /**
     * Defines the job's dataflow.
     *
     * @param documents raw records of the documents topic
     * @param tableChangelog raw records of the table changelog, from its beginning
     * @param embeddings opens A_F in each embedder subtask
     * @param vocabulary the model's own f-grams, never published nor expired
     */
    public static Outputs defineWorkflow(
            DiscoverySettings settings,
            ServedModelInfo model,
            DataStream<RawRecord> documents,
            DataStream<RawRecord> tableChangelog,
            FgramEmbeddingModelFactory embeddings,
            VocabularyKeys vocabulary) {

        SingleOutputStreamOperator<DocumentRequest> decoded =
                documents
                        .process(new DocumentParser(settings.ingest()))
                        .uid("discovery-decode-documents")
                        .name("Parse documents");

        SingleOutputStreamOperator<DocumentRequest> tokenized =
                decoded.map(DocumentTokenizer.wholeText())
                        .uid("discovery-tokenize")
                        .name("Tokenize (GPT-2 BPE)");

        SingleOutputStreamOperator<TableUpdate> tableUpdates =
                tableChangelog
                        .process(new TableChangelogParser(TableEntryValidator.forModel(model)))
                        .uid("discovery-decode-table-changelog")
                        .name("Parse table changelog");

        SingleOutputStreamOperator<NgramOccurrence> occurrences =
                tokenized
                        .connect(tableUpdates.broadcast(NgramFanout.TABLE_KEYS))
                        .process(new NgramFanout(model.maxFgramLength()))
                        .uid("fan-out-ngrams")
                        .name("N-grams 2..K (Apriori against the table)");

        SingleOutputStreamOperator<DiscoveryEvent> events =
                occurrences
                        .keyBy(new NgramKey.OfOccurrence())
                        .connect(tableUpdates.keyBy(new NgramKey.OfUpdate()))
                        .process(new NgramCounter(settings.counting()))
                        .uid("count-ngrams")
                        .name("Count n-grams (decayed, bounded)");

        SingleOutputStreamOperator<DiscoveryEvent> embedded =
                events.transform(
                                "Embed with A_F (batched)",
                                TypeInformation.of(DiscoveryEvent.class),
                                new FgramEmbedder(settings.embedding(), embeddings))
                        .uid("embed-fgrams");

        SingleOutputStreamOperator<TableWrite> writes =
                embedded.connect(tableUpdates)
                        .process(
                                new DiscoveredTable(
                                        settings.maxDiscovered(), settings.counting(), vocabulary))
                        .setParallelism(1)
                        .setMaxParallelism(1)
                        .uid("discovered-table")
                        .name("Discovered table (bound, expiry)");

        return new Outputs(writes, decoded.getSideOutput(DeadLetters.TAG));
    }
}
