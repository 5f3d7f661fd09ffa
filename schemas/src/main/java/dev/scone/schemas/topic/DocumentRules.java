package dev.scone.schemas.topic;

import java.nio.charset.StandardCharsets;

/**
 * The rules a document must follow, whichever way it arrives: the JSON reader ({@link RecordJson}),
 * the command line ({@code scone score}, {@code scone produce}) and the streaming service's first
 * operator all ask here. Each check returns the reason a document breaks a rule as one phrase (the
 * streaming service's dead-letter reason), or null when it keeps it.
 */
public final class DocumentRules {

    private DocumentRules() {}

    /** An id is required and must not be blank. */
    public static boolean hasId(String id) {
        return id != null && !id.isBlank();
    }

    /** A count a document may ask for ({@code maxNewTokens}, {@code topK}) is at least 0. */
    public static boolean isValidCount(long count) {
        return count >= 0;
    }

    /** A sampling temperature is a finite number of at least 0 (0 means greedy). */
    public static boolean isValidTemperature(float temperature) {
        return temperature >= 0 && Float.isFinite(temperature);
    }

    /**
     * Why the document with {@code id} and {@code text} is unusable: no id, empty text, or text
     * over {@code maxTextBytes} bytes of UTF-8; null when it is usable.
     */
    public static String textProblem(String id, String text, int maxTextBytes) {
        if (!hasId(id)) {
            return "document has no id";
        }
        String empty = emptyTextProblem(id, text);
        if (empty != null) {
            return empty;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxTextBytes) {
            return "document "
                    + id
                    + " text is "
                    + bytes
                    + " bytes, over the limit of "
                    + maxTextBytes;
        }
        return null;
    }

    /** Why the document with {@code id} has no text to work on; null when it has some. */
    public static String emptyTextProblem(String id, String text) {
        return text == null || text.isEmpty() ? "document " + id + " has empty text" : null;
    }

    /**
     * Why the generation parameters of the document with {@code id} are unusable; null when they
     * are usable.
     *
     * @param maxNewTokensLimit the most new tokens a document may ask for
     */
    public static String generationProblem(
            String id, int maxNewTokens, int maxNewTokensLimit, float temperature, int topK) {
        if (!isValidCount(maxNewTokens) || maxNewTokens > maxNewTokensLimit) {
            return "document "
                    + id
                    + " asks for "
                    + maxNewTokens
                    + " new tokens; allowed are 0.."
                    + maxNewTokensLimit;
        }
        if (!isValidTemperature(temperature)) {
            return "document " + id + " has temperature " + temperature;
        }
        if (!isValidCount(topK)) {
            return "document " + id + " has negative topK " + topK;
        }
        return null;
    }
}
