package dev.scone.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.DocumentDefaults;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void parsesEveryDocumentField() {
        Document document =
                RecordJson.parseDocument(
                        "{\"id\":\"d1\",\"text\":\"Once upon a time\",\"task\":\"GENERATE\","
                                + "\"maxNewTokens\":32,\"temperature\":0.7,\"topK\":40,"
                                + "\"seed\":12345678901,\"returnTokenLogProbs\":true,"
                                + "\"attributes\":{\"user\":\"u7\",\"priority\":2,\"beta\":true}}");

        assertThat(document.getId()).isEqualTo("d1");
        assertThat(document.getText()).isEqualTo("Once upon a time");
        assertThat(document.getTask()).isEqualTo(Task.GENERATE);
        assertThat(document.getMaxNewTokens()).isEqualTo(32);
        assertThat(document.getTemperature()).isEqualTo(0.7f);
        assertThat(document.getTopK()).isEqualTo(40);
        assertThat(document.getSeed()).isEqualTo(12345678901L);
        assertThat(document.getReturnTokenLogProbs()).isTrue();
        assertThat(document.getAttributes())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("user", "u7", "priority", "2", "beta", "true"));
    }

    @Test
    void absentAndNullOptionalFieldsTakeTheSchemaDefaults() {
        Document document =
                RecordJson.parseDocument("{\"id\":\"d2\",\"text\":\"hi\",\"temperature\":null}");

        DocumentDefaults.assertOptionalFieldsAtDefaults(document);
    }

    @Test
    void missingTaskTakesTheCallersDefaultAndAGivenTaskWinsInAnyCase() {
        assertThat(
                        RecordJson.parseDocument("{\"id\":\"a\",\"text\":\"t\"}", Task.GENERATE)
                                .getTask())
                .isEqualTo(Task.GENERATE);
        assertThat(
                        RecordJson.parseDocument(
                                        "{\"id\":\"a\",\"text\":\"t\",\"task\":\"score\"}",
                                        Task.GENERATE)
                                .getTask())
                .isEqualTo(Task.SCORE);
    }

    @Test
    void documentSurvivesTheRoundTripThroughJson() {
        Document original =
                Document.newBuilder()
                        .setId("round-trip")
                        .setText("Ünïcödé \"quoted\"\nand a new line")
                        .setTask(Task.GENERATE)
                        .setMaxNewTokens(8)
                        .setTemperature(0.0f)
                        .setTopK(0)
                        .setSeed(-3L)
                        .setReturnTokenLogProbs(true)
                        .setAttributes(Map.of("k", "v"))
                        .build();

        String json = RecordJson.toJson(original);

        assertThat(json).doesNotContain("\n");
        assertThat(RecordJson.parseDocument(json)).isEqualTo(original);
        assertThat(RecordJson.parseDocument(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(original);
    }

    @Test
    void documentJsonLeavesOutUnsetGenerationParameters() throws Exception {
        Document document = Document.newBuilder().setId("x").setText("y").build();

        JsonNode json = MAPPER.readTree(RecordJson.toJson(document));

        assertThat(json.has("maxNewTokens")).isFalse();
        assertThat(json.has("temperature")).isFalse();
        assertThat(json.get("task").asText()).isEqualTo("SCORE");
    }

    @Test
    void badDocumentsGetOneSentenceSayingWhatIsWrong() {
        assertRejected("{\"id\":\"a\",\"text\":", "The document is not valid JSON");
        assertRejected("not json at all", "The document is not valid JSON at column");
        assertRejected("", "The document is empty; expected a JSON object.");
        assertRejected("[1,2]", "A document must be a JSON object, not an array.");
        assertRejected("{\"text\":\"t\"}", "The document has no \"id\" field, which is required.");
        assertRejected("{\"id\":\"a\"}", "The document has no \"text\" field, which is required.");
        assertRejected("{\"id\":\"\",\"text\":\"t\"}", "The document's \"id\" must not be empty.");
        assertRejected(
                "{\"id\":7,\"text\":\"t\"}", "The document's \"id\" must be a string, not 7.");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"task\":\"TRANSLATE\"}",
                "Unknown task \"TRANSLATE\"; use SCORE or GENERATE.");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"max_new_tokens\":5}",
                "Unknown document field \"max_new_tokens\"; the fields are id, text, task,");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"maxNewTokens\":\"ten\"}",
                "The document's \"maxNewTokens\" must be a whole number of at least 0, not \"ten\".");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"maxNewTokens\":-1}",
                "The document's \"maxNewTokens\" must be a whole number of at least 0, not -1.");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"topK\":2.5}",
                "The document's \"topK\" must be a whole number of at least 0, not 2.5.");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"temperature\":-0.5}",
                "The document's \"temperature\" must be a number of at least 0, not -0.5.");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"seed\":99999999999999999999}",
                "The document's \"seed\" must be a whole number");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"returnTokenLogProbs\":\"yes\"}",
                "The document's \"returnTokenLogProbs\" must be true or false, not \"yes\".");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"attributes\":{\"tags\":[1]}}",
                "Attribute \"tags\" must be a string, number or boolean, not an array.");
        assertRejected(
                "{\"id\":\"a\",\"text\":\"t\",\"id\":\"b\"}", "The document is not valid JSON");
        assertRejected("{\"id\":\"a\",\"text\":\"t\"} {}", "The document is not valid JSON");
    }

    @Test
    void invalidUtf8BytesAreRejectedAsBadJson() {
        byte[] bytes = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThatThrownBy(() -> RecordJson.parseDocument(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The document is not valid JSON");
    }

    @Test
    void resultJsonCarriesEveryField() throws Exception {
        Result result =
                Result.newBuilder()
                        .setId("r1")
                        .setTask(Task.GENERATE)
                        .setTokens(12)
                        .setLogLikelihood(-30.5)
                        .setPerplexity(16.25)
                        .setMatchedPositions(7)
                        .setMeanMatchLength(2.5)
                        .setTokenLogProbs(List.of(-1.5f, -0.25f))
                        .setGeneratedText(" there was")
                        .setGeneratedTokens(List.of(612, 373))
                        .setPromptTokensDropped(5)
                        .setModelVersion("m-3")
                        .setTableVersion("t-9")
                        .setLatencyMs(42)
                        .setAttributes(Map.of("user", "u7"))
                        .build();

        JsonNode json = MAPPER.readTree(RecordJson.toJson(result));

        assertThat(json.get("id").asText()).isEqualTo("r1");
        assertThat(json.get("task").asText()).isEqualTo("GENERATE");
        assertThat(json.get("tokens").asInt()).isEqualTo(12);
        assertThat(json.get("logLikelihood").asDouble()).isEqualTo(-30.5);
        assertThat(json.get("perplexity").asDouble()).isEqualTo(16.25);
        assertThat(json.get("matchedPositions").asInt()).isEqualTo(7);
        assertThat(json.get("meanMatchLength").asDouble()).isEqualTo(2.5);
        assertThat(json.get("tokenLogProbs").get(1).asDouble()).isEqualTo(-0.25);
        assertThat(json.get("generatedText").asText()).isEqualTo(" there was");
        assertThat(json.get("generatedTokens").get(0).asInt()).isEqualTo(612);
        assertThat(json.get("promptTokensDropped").asInt()).isEqualTo(5);
        assertThat(json.get("modelVersion").asText()).isEqualTo("m-3");
        assertThat(json.get("tableVersion").asText()).isEqualTo("t-9");
        assertThat(json.get("latencyMs").asLong()).isEqualTo(42);
        assertThat(json.get("attributes").get("user").asText()).isEqualTo("u7");
    }

    @Test
    void scoreResultShowsNoGeneratedTextAsNull() throws Exception {
        Result result = Result.newBuilder().setId("r2").build();

        JsonNode json = MAPPER.readTree(RecordJson.toJson(result));

        assertThat(json.get("generatedText").isNull()).isTrue();
        assertThat(json.get("tokenLogProbs")).isEmpty();
    }

    @Test
    void deadLetterJsonKeepsTheExactBytesAndAReadablePreview() throws Exception {
        byte[] raw = "{\"id\":\"broken\"\n\u0001".getBytes(StandardCharsets.UTF_8);
        DeadLetter deadLetter =
                DeadLetter.newBuilder()
                        .setSourceTopic(SconeTopics.DOCUMENTS)
                        .setPartition(3)
                        .setOffset(77)
                        .setReason("The document has no \"text\" field, which is required.")
                        .setRaw(ByteBuffer.wrap(raw))
                        .setTimeMillis(1_700_000_000_000L)
                        .build();

        JsonNode json = MAPPER.readTree(RecordJson.toJson(deadLetter));

        assertThat(Base64.getDecoder().decode(json.get("raw").asText())).isEqualTo(raw);
        assertThat(json.get("rawPreview").asText()).isEqualTo("{\"id\":\"broken\" \uFFFD");
        assertThat(json.get("sourceTopic").asText()).isEqualTo(SconeTopics.DOCUMENTS);
        assertThat(json.get("partition").asInt()).isEqualTo(3);
        assertThat(json.get("offset").asLong()).isEqualTo(77);
        assertThat(json.get("reason").asText()).contains("\"text\"");
        assertThat(json.get("time").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(deadLetter.getRaw().remaining())
                .as("reading the bytes must not consume the record's buffer")
                .isEqualTo(raw.length);
    }

    @Test
    void previewOfBinaryOrLongBytesIsCutAndMarked() {
        byte[] avroHeader = {(byte) 0xC3, 0x01, 'a', 'b'};
        String longText = "x".repeat(RecordJson.RAW_PREVIEW_CHARS + 50);

        assertThat(RecordJson.utf8Preview(avroHeader, 100)).isEqualTo("\uFFFD\uFFFDab");
        assertThat(RecordJson.utf8Preview(longText.getBytes(StandardCharsets.UTF_8), 10))
                .isEqualTo("xxxxxxxxxx\u2026");
        assertThat(RecordJson.utf8Preview("ab\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), 3))
                .as("a surrogate pair is never split")
                .isEqualTo("ab\u2026");
    }

    private static void assertRejected(String json, String messageStart) {
        assertThatThrownBy(() -> RecordJson.parseDocument(json))
                .as(json)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(messageStart);
    }
}
