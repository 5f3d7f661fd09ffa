package dev.scone.schemas.topic;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of the topic records: what {@code scone produce} reads, what {@code scone consume}
 * prints, and what the streaming job accepts as its JSON input format. Field names are the Avro
 * field names, so a JSON document and its Avro twin read the same.
 *
 * <p>Parsing is strict about what would otherwise be silently lost: an unknown field (a typo such
 * as {@code max_new_tokens}), a duplicate field, trailing text or a value of the wrong type is an
 * {@link IllegalArgumentException} whose message is one sentence a user can act on.
 */
public final class RecordJson {

    /** The fields a JSON document may have; only {@code id} and {@code text} are required. */
    public static final List<String> DOCUMENT_FIELDS =
            List.of(
                    "id",
                    "text",
                    "task",
                    "maxNewTokens",
                    "temperature",
                    "topK",
                    "seed",
                    "returnTokenLogProbs",
                    "attributes");

    /** How many characters of a dead letter's raw bytes the JSON form shows as text. */
    public static final int RAW_PREVIEW_CHARS = 200;

    private static final int VALUE_ECHO_CHARS = 40;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private RecordJson() {}

    /** A document from JSON; a missing {@code task} means SCORE. */
    public static Document parseDocument(String json) {
        return parseDocument(json, Task.SCORE);
    }

    /** A document from JSON; a missing {@code task} means {@code defaultTask}. */
    public static Document parseDocument(String json, Task defaultTask) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
        return toDocument(root, defaultTask);
    }

    /**
     * A document from UTF-8 (or UTF-16/32, detected) JSON bytes, as they arrive from Kafka; a
     * missing {@code task} means SCORE.
     */
    public static Document parseDocument(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "The document could not be read as JSON: " + e.getMessage(), e);
        }
        return toDocument(root, Task.SCORE);
    }

    /** One line of JSON; optional generation parameters appear only when set. */
    public static String toJson(Document document) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", document.getId());
        node.put("text", document.getText());
        node.put("task", document.getTask().name());
        if (document.getMaxNewTokens() != null) {
            node.put("maxNewTokens", document.getMaxNewTokens());
        }
        if (document.getTemperature() != null) {
            node.put("temperature", document.getTemperature());
        }
        if (document.getTopK() != null) {
            node.put("topK", document.getTopK());
        }
        if (document.getSeed() != null) {
            node.put("seed", document.getSeed());
        }
        node.put("returnTokenLogProbs", document.getReturnTokenLogProbs());
        putStringMap(node, "attributes", document.getAttributes());
        return write(node);
    }

    /** One line of JSON with every field of the result, in schema order. */
    public static String toJson(Result result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", result.getId());
        node.put("task", result.getTask().name());
        List<Float> logProbs = result.getTokenLogProbs();
        float[] tokenLogProbs = new float[logProbs.size()];
        for (int i = 0; i < tokenLogProbs.length; i++) {
            tokenLogProbs[i] = logProbs.get(i);
        }
        putScore(
                node,
                result.getTokens(),
                result.getLogLikelihood(),
                result.getPerplexity(),
                result.getMatchedPositions(),
                result.getMeanMatchLength(),
                tokenLogProbs);
        node.put("generatedText", result.getGeneratedText());
        ArrayNode generated = node.putArray("generatedTokens");
        for (Integer token : result.getGeneratedTokens()) {
            generated.add(token);
        }
        node.put("promptTokensDropped", result.getPromptTokensDropped());
        node.put("modelVersion", result.getModelVersion());
        node.put("tableVersion", result.getTableVersion());
        node.put("latencyMs", result.getLatencyMs());
        putStringMap(node, "attributes", result.getAttributes());
        return write(node);
    }

    /**
     * One line of JSON for an offline score ({@code scone score}): {@code id} and the scoring
     * fields of a result, with the same names and values, so offline and streamed scores of a
     * document compare field by field.
     *
     * @param tokenLogProbs written as {@code tokenLogProbs} when not null, left out when null
     */
    public static String scoreToJson(
            String id,
            int tokens,
            double logLikelihood,
            double perplexity,
            int matchedPositions,
            double meanMatchLength,
            float[] tokenLogProbs) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", id);
        putScore(
                node,
                tokens,
                logLikelihood,
                perplexity,
                matchedPositions,
                meanMatchLength,
                tokenLogProbs);
        return write(node);
    }

    /** The scoring fields, in schema order; {@code tokenLogProbs} only when not null. */
    private static void putScore(
            ObjectNode node,
            int tokens,
            double logLikelihood,
            double perplexity,
            int matchedPositions,
            double meanMatchLength,
            float[] tokenLogProbs) {
        node.put("tokens", tokens);
        node.put("logLikelihood", logLikelihood);
        node.put("perplexity", perplexity);
        node.put("matchedPositions", matchedPositions);
        node.put("meanMatchLength", meanMatchLength);
        if (tokenLogProbs != null) {
            ArrayNode logProbs = node.putArray("tokenLogProbs");
            for (float logProb : tokenLogProbs) {
                logProbs.add(logProb);
            }
        }
    }

    /**
     * One line of JSON. The raw bytes appear twice: exactly, as base64 in {@code raw}, and as a
     * best-effort UTF-8 {@code rawPreview} of at most {@link #RAW_PREVIEW_CHARS} characters for a
     * human to recognise the record by.
     */
    public static String toJson(DeadLetter deadLetter) {
        byte[] raw = bytes(deadLetter.getRaw());
        ObjectNode node = MAPPER.createObjectNode();
        node.put("sourceTopic", deadLetter.getSourceTopic());
        node.put("partition", deadLetter.getPartition());
        node.put("offset", deadLetter.getOffset());
        node.put("reason", deadLetter.getReason());
        node.put("raw", Base64.getEncoder().encodeToString(raw));
        node.put("rawPreview", utf8Preview(raw, RAW_PREVIEW_CHARS));
        node.put("timeMillis", deadLetter.getTimeMillis());
        node.put("time", Instant.ofEpochMilli(deadLetter.getTimeMillis()).toString());
        return write(node);
    }

    /**
     * {@code raw} decoded as UTF-8 for display: undecodable bytes and control characters become
     * U+FFFD, line breaks and tabs become spaces, and text past {@code maxChars} is cut with an
     * ellipsis.
     */
    public static String utf8Preview(byte[] raw, int maxChars) {
        String decoded = new String(raw, StandardCharsets.UTF_8);
        boolean cut = decoded.length() > maxChars;
        int end = cut ? maxChars : decoded.length();
        if (cut && end > 0 && Character.isHighSurrogate(decoded.charAt(end - 1))) {
            end--;
        }
        StringBuilder preview = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = decoded.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                preview.append(' ');
            } else if (Character.isISOControl(c)) {
                preview.append('\uFFFD');
            } else {
                preview.append(c);
            }
        }
        if (cut) {
            preview.append('\u2026');
        }
        return preview.toString();
    }

    private static Document toDocument(JsonNode root, Task defaultTask) {
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("The document is empty; expected a JSON object.");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(
                    "A document must be a JSON object, not " + describeType(root) + ".");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!DOCUMENT_FIELDS.contains(name)) {
                throw new IllegalArgumentException(
                        "Unknown document field \""
                                + name
                                + "\"; the fields are "
                                + String.join(", ", DOCUMENT_FIELDS)
                                + ".");
            }
        }
        Document.Builder document =
                Document.newBuilder()
                        .setId(requiredText(root, "id", false))
                        .setText(requiredText(root, "text", true))
                        .setTask(task(root, defaultTask));
        JsonNode value;
        if ((value = present(root, "maxNewTokens")) != null) {
            document.setMaxNewTokens(nonNegativeInt(value, "maxNewTokens"));
        }
        if ((value = present(root, "temperature")) != null) {
            document.setTemperature(temperature(value));
        }
        if ((value = present(root, "topK")) != null) {
            document.setTopK(nonNegativeInt(value, "topK"));
        }
        if ((value = present(root, "seed")) != null) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw wrongType("seed", "a whole number", value);
            }
            document.setSeed(value.longValue());
        }
        if ((value = present(root, "returnTokenLogProbs")) != null) {
            if (!value.isBoolean()) {
                throw wrongType("returnTokenLogProbs", "true or false", value);
            }
            document.setReturnTokenLogProbs(value.booleanValue());
        }
        document.setAttributes(attributes(present(root, "attributes")));
        return document.build();
    }

    /** The field's value, or null when it is absent or JSON null. */
    private static JsonNode present(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static String requiredText(JsonNode root, String field, boolean mayBeEmpty) {
        JsonNode value = present(root, field);
        if (value == null) {
            throw new IllegalArgumentException(
                    "The document has no \"" + field + "\" field, which is required.");
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        if (!mayBeEmpty && value.textValue().isEmpty()) {
            throw new IllegalArgumentException(
                    "The document's \"" + field + "\" must not be empty.");
        }
        return value.textValue();
    }

    private static Task task(JsonNode root, Task defaultTask) {
        JsonNode value = present(root, "task");
        if (value == null) {
            return defaultTask;
        }
        if (value.isTextual()) {
            String name = value.textValue().trim().toUpperCase(Locale.ROOT);
            for (Task task : Task.values()) {
                if (task.name().equals(name)) {
                    return task;
                }
            }
        }
        throw new IllegalArgumentException(
                "Unknown task " + echo(value) + "; use SCORE or GENERATE.");
    }

    private static int nonNegativeInt(JsonNode value, String field) {
        if (!value.isIntegralNumber()
                || !value.canConvertToInt()
                || !DocumentRules.isValidCount(value.intValue())) {
            throw wrongType(field, "a whole number of at least 0", value);
        }
        return value.intValue();
    }

    private static float temperature(JsonNode value) {
        if (!value.isNumber()) {
            throw wrongType("temperature", "a number of at least 0", value);
        }
        float temperature = value.floatValue();
        if (!DocumentRules.isValidTemperature(temperature)) {
            throw wrongType("temperature", "a number of at least 0", value);
        }
        return temperature;
    }

    private static Map<String, String> attributes(JsonNode value) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (value == null) {
            return attributes;
        }
        if (!value.isObject()) {
            throw wrongType("attributes", "an object of string values", value);
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode attribute = field.getValue();
            // Numbers and booleans are kept as their JSON text: {"priority": 1} means "1".
            if (!attribute.isValueNode() || attribute.isNull()) {
                throw new IllegalArgumentException(
                        "Attribute \""
                                + field.getKey()
                                + "\" must be a string, number or boolean, not "
                                + describeType(attribute)
                                + ".");
            }
            attributes.put(field.getKey(), attribute.asText());
        }
        return attributes;
    }

    private static IllegalArgumentException notJson(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where =
                location == null
                        ? ""
                        : location.getLineNr() > 1
                                ? " at line "
                                        + location.getLineNr()
                                        + ", column "
                                        + location.getColumnNr()
                                : " at column " + location.getColumnNr();
        String reason = e.getOriginalMessage();
        int lineBreak = reason.indexOf('\n');
        if (lineBreak >= 0) {
            reason = reason.substring(0, lineBreak);
        }
        return new IllegalArgumentException(
                "The document is not valid JSON" + where + ": " + reason, e);
    }

    private static IllegalArgumentException wrongType(
            String field, String expected, JsonNode value) {
        return new IllegalArgumentException(
                "The document's \""
                        + field
                        + "\" must be "
                        + expected
                        + ", not "
                        + echo(value)
                        + ".");
    }

    private static String echo(JsonNode value) {
        String text = value.toString();
        return text.length() <= VALUE_ECHO_CHARS
                ? text
                : text.substring(0, VALUE_ECHO_CHARS) + "\u2026";
    }

    private static String describeType(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case NULL:
                return "null";
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            default:
                return node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    private static void putStringMap(ObjectNode node, String field, Map<String, String> values) {
        ObjectNode map = node.putObject(field);
        if (values != null) {
            values.forEach(map::put);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record could not be written as JSON.", e);
        }
    }
}
