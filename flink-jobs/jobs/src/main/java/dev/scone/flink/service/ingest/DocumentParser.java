package dev.scone.flink.service.ingest;

import dev.scone.flink.service.DeadLetters;
import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.settings.IngestSettings;
import dev.scone.schemas.Document;
import dev.scone.schemas.serde.RecordDecodingException;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.schemas.topic.DocumentRules;
import dev.scone.schemas.topic.RecordJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * First operator: turns raw records from the documents topic into validated requests. A record that
 * cannot be decoded or is invalid (no id, empty text, unknown task, text over the hard byte limit,
 * invalid UTF-8) goes to the dead-letter side output with the reason; nothing is dropped silently
 * and the job never fails on bad input.
 */
public class DocumentParser extends ProcessFunction<RawRecord, DocumentRequest> {

    private static final long serialVersionUID = 1L;

    private final IngestSettings settings;
    private transient SingleObjectCodec<Document> codec;
    private transient Counter documentsIn;
    private transient Counter deadLettered;

    public DocumentParser(IngestSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = SingleObjectCodec.documents();
        documentsIn = getRuntimeContext().getMetricGroup().counter(MetricNames.DOCUMENTS_IN);
        deadLettered =
                getRuntimeContext().getMetricGroup().counter(MetricNames.DOCUMENTS_DEAD_LETTERED);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<DocumentRequest> out) {
        documentsIn.inc();
        try {
            DocumentRequest request = decode(record);
            out.collect(request);
        } catch (InvalidDocumentException e) {
            deadLettered.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(record, e.getMessage()));
        }
    }

    /** Decodes and validates one record; visible for tests. */
    DocumentRequest decode(RawRecord record) {
        if (record.value == null || record.value.length == 0) {
            throw new InvalidDocumentException("empty record: no document in it");
        }
        Document document;
        switch (settings.inputFormat()) {
            case avro:
                try {
                    document = codec.decode(record.value);
                } catch (RecordDecodingException e) {
                    throw new InvalidDocumentException("not a Document: " + e.getMessage());
                }
                if (document.getText().indexOf('\uFFFD') >= 0) {
                    // Avro replaces malformed UTF-8 with U+FFFD while decoding strings.
                    throw new InvalidDocumentException("text is not valid UTF-8");
                }
                break;
            case json:
                try {
                    document = RecordJson.parseDocument(strictUtf8(record.value));
                } catch (IllegalArgumentException e) {
                    throw new InvalidDocumentException(e.getMessage());
                }
                break;
            case text:
                String text = strictUtf8(record.value);
                document =
                        Document.newBuilder()
                                .setId(
                                        record.key == null || record.key.length == 0
                                                ? record.coordinates()
                                                : strictUtf8(record.key))
                                .setText(text)
                                .build();
                break;
            default:
                throw new IllegalStateException("Unhandled input format " + settings.inputFormat());
        }
        return validate(record, document);
    }

    private DocumentRequest validate(RawRecord record, Document document) {
        String text = document.getText();
        String problem = DocumentRules.textProblem(document.getId(), text, settings.maxTextBytes());
        if (problem != null) {
            throw new InvalidDocumentException(withLimitNamed(problem, document.getId(), text));
        }
        DocumentRequest request = new DocumentRequest();
        request.requestKey = RequestKey.of(record);
        request.id = document.getId();
        request.task = document.getTask();
        request.text = text;
        request.returnTokenLogProbs = document.getReturnTokenLogProbs();
        request.attributes = new HashMap<>(document.getAttributes());
        request.ingestMillis = System.currentTimeMillis();
        request.recordMillis = record.timestamp;
        if (request.isGenerate()) {
            int maxNewTokens =
                    document.getMaxNewTokens() == null
                            ? settings.defaultMaxNewTokens()
                            : document.getMaxNewTokens();
            float temperature =
                    document.getTemperature() == null
                            ? settings.defaultTemperature()
                            : document.getTemperature();
            int topK = document.getTopK() == null ? settings.defaultTopK() : document.getTopK();
            String generationProblem =
                    DocumentRules.generationProblem(
                            document.getId(),
                            maxNewTokens,
                            settings.maxNewTokensLimit(),
                            temperature,
                            topK);
            if (generationProblem != null) {
                throw new InvalidDocumentException(generationProblem);
            }
            request.maxNewTokens = maxNewTokens;
            request.temperature = temperature;
            request.topK = topK;
            // Without a seed, derive one from the id: a replay after failover then generates
            // the same text, which keeps exactly-once results identical.
            request.seed =
                    document.getSeed() == null ? document.getId().hashCode() : document.getSeed();
        }
        return request;
    }

    /**
     * A text-size problem names the setting behind it: bytes are the one hard limit, since a
     * document or prompt of any token length is otherwise answered.
     */
    private static String withLimitNamed(String problem, String id, String text) {
        boolean tooLarge =
                DocumentRules.hasId(id) && DocumentRules.emptyTextProblem(id, text) == null;
        return tooLarge
                ? problem + " bytes, the hard limit on a document's input (--max-text-bytes)"
                : problem;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidDocumentException("text is not valid UTF-8");
        }
    }

    /** A record that is not a usable document; its message is the dead-letter reason. */
    static final class InvalidDocumentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidDocumentException(String reason) {
            super(reason, null, false, false);
        }
    }
}
