package dev.scone.flink.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.DeadLetters;
import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.settings.IngestSettings;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DocumentParserTest {

    private static IngestSettings config(IngestSettings.InputFormat format) {
        return IngestSettings.defaults().withInput(format, 50);
    }

    private static byte[] avro(Document document) {
        return SingleObjectCodec.documents().encode(document);
    }

    private static RawRecord record(long offset, byte[] value) {
        return new RawRecord("scone.documents", 0, offset, 0L, null, value);
    }

    private static final class Run {
        final List<DocumentRequest> requests;
        final List<DeadLetter> deadLetters;

        Run(IngestSettings config, RawRecord... records) throws Exception {
            try (OneInputStreamOperatorTestHarness<RawRecord, DocumentRequest> harness =
                    ProcessFunctionTestHarnesses.forProcessFunction(new DocumentParser(config))) {
                harness.open();
                for (RawRecord record : records) {
                    harness.processElement(record, 0);
                }
                requests = harness.extractOutputValues();
                var side = harness.getSideOutput(DeadLetters.TAG);
                deadLetters =
                        side == null
                                ? List.of()
                                : side.stream()
                                        .map(StreamRecord::getValue)
                                        .collect(Collectors.toList());
            }
        }
    }

    @Test
    void decodesAvroDocumentsWithGenerationDefaults() throws Exception {
        Document document =
                Document.newBuilder().setId("d1").setText("Hello").setTask(Task.GENERATE).build();

        Run run = new Run(config(IngestSettings.InputFormat.avro), record(7, avro(document)));

        assertThat(run.deadLetters).isEmpty();
        DocumentRequest request = run.requests.get(0);
        assertThat(request.id).isEqualTo("d1");
        assertThat(request.requestKey).isEqualTo(new RequestKey("scone.documents", 0, 7));
        assertThat(request.requestKey).hasToString("scone.documents/0@7");
        assertThat(request.isGenerate()).isTrue();
        assertThat(request.maxNewTokens).isEqualTo(32);
        assertThat(request.seed).isEqualTo("d1".hashCode());
    }

    @Test
    void decodesJsonAndTextLines() throws Exception {
        Run json =
                new Run(
                        config(IngestSettings.InputFormat.json),
                        record(
                                1,
                                "{\"id\":\"j\",\"text\":\"hi there\"}"
                                        .getBytes(StandardCharsets.UTF_8)));
        Run text =
                new Run(
                        config(IngestSettings.InputFormat.text),
                        record(2, "plain words".getBytes(StandardCharsets.UTF_8)));

        assertThat(json.requests).extracting(r -> r.text).containsExactly("hi there");
        assertThat(text.requests).extracting(r -> r.text).containsExactly("plain words");
        assertThat(text.requests.get(0).id).isEqualTo("scone.documents/0@2");
    }

    @Test
    void deadLettersEveryKindOfBadRecordWithItsReason() throws Exception {
        byte[] invalidUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Run avro =
                new Run(
                        config(IngestSettings.InputFormat.avro),
                        record(1, "not avro at all".getBytes(StandardCharsets.UTF_8)),
                        record(2, avro(Document.newBuilder().setId("e").setText("").build())),
                        record(
                                3,
                                avro(
                                        Document.newBuilder()
                                                .setId("long")
                                                .setText("x".repeat(51))
                                                .build())),
                        record(4, avro(Document.newBuilder().setId(" ").setText("text").build())),
                        record(5, new byte[0]));
        Run json =
                new Run(
                        config(IngestSettings.InputFormat.json),
                        record(6, invalidUtf8),
                        record(
                                7,
                                "{\"id\":\"t\",\"text\":\"x\",\"task\":\"TRANSLATE\"}"
                                        .getBytes(StandardCharsets.UTF_8)));

        assertThat(avro.requests).isEmpty();
        assertThat(json.requests).isEmpty();
        assertThat(avro.deadLetters)
                .extracting(DeadLetter::getReason)
                .satisfiesExactly(
                        reason -> assertThat(reason).startsWith("not a Document"),
                        reason -> assertThat(reason).contains("empty text"),
                        reason -> assertThat(reason).contains("51 bytes, over the limit of 50"),
                        reason -> assertThat(reason).contains("no id"),
                        reason -> assertThat(reason).contains("empty record"));
        assertThat(json.deadLetters)
                .extracting(DeadLetter::getReason)
                .satisfiesExactly(
                        reason -> assertThat(reason).contains("not valid UTF-8"),
                        reason -> assertThat(reason).containsIgnoringCase("TRANSLATE"));
        assertThat(avro.deadLetters.get(0).getOffset()).isEqualTo(1);
        assertThat(avro.deadLetters.get(0).getRaw().remaining()).isEqualTo(15);
    }

    @Test
    void bytesAreTheOnlySizeLimitAndTheReasonNamesIt() throws Exception {
        // 50 bytes of two-byte characters is at the limit; one more byte is over it.
        String atLimit = "\u00e9".repeat(25);
        Run run =
                new Run(
                        config(IngestSettings.InputFormat.avro),
                        record(1, avro(generate("at-limit", atLimit))),
                        record(2, avro(generate("over", atLimit + "x"))));

        assertThat(run.requests).extracting(r -> r.id).containsExactly("at-limit");
        assertThat(run.deadLetters)
                .extracting(DeadLetter::getReason)
                .containsExactly(
                        "document over text is 51 bytes, over the limit of 50 bytes, the hard"
                                + " limit on a document's input (--max-text-bytes)");
    }

    @Test
    void aPromptFarLongerThanAnyContextIsAcceptedUnderTheDefaultLimit() throws Exception {
        // About 100 000 GPT-2 tokens: a hundred times a 1024-token context.
        String prompt = "It was a dark and stormy night. ".repeat(12_500);
        IngestSettings defaults = IngestSettings.defaults();
        assertThat(defaults.maxTextBytes()).isEqualTo(1 << 20);

        Run run = new Run(defaults, record(1, avro(generate("long", prompt))));

        assertThat(run.deadLetters).isEmpty();
        assertThat(run.requests).extracting(r -> r.text).containsExactly(prompt);
        Run over = new Run(defaults, record(2, avro(generate("huge", "x".repeat((1 << 20) + 1)))));
        assertThat(over.deadLetters)
                .extracting(DeadLetter::getReason)
                .singleElement()
                .asString()
                .contains("1048577 bytes, over the limit of 1048576 bytes")
                .contains("--max-text-bytes");
    }

    private static Document generate(String id, String text) {
        return Document.newBuilder().setId(id).setText(text).setTask(Task.GENERATE).build();
    }
}
