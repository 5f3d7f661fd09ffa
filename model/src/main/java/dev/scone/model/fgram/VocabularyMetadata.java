package dev.scone.model.fgram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.files.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * What an f-gram vocabulary is and how it was made: stored inside the vocabulary file and written
 * beside it as a summary JSON.
 *
 * <p>The provenance fields (tokenizer, K, minimum count, requested size, corpus size, creation
 * time) are known before counting starts. The content fields ({@code keptPerLength}, {@code
 * countAtCut}, {@code fingerprint}) describe the kept rows; a file written by a streaming writer
 * may carry zeros and a null fingerprint there, and {@link FgramVocabularyFile#read} fills them
 * from the rows.
 *
 * @param formatVersion version of the vocabulary file format, {@link #CURRENT_FORMAT_VERSION} when
 *     written by this build
 * @param tokenizer name of the tokenizer whose ids the f-grams hold
 * @param maxN K, the longest f-gram length counted
 * @param minCount smallest count an n-gram needed to be a candidate
 * @param requestedSize S, the number of f-grams asked for, or 0 for no limit
 * @param corpusTokens tokens in the corpus the counts come from
 * @param corpusDocuments documents in that corpus
 * @param keptPerLength number of kept f-grams of each length n, indexed by n (0..maxN)
 * @param countAtCut smallest count among the kept f-grams, 0 when none was kept
 * @param createdAt when the vocabulary was made, ISO-8601
 * @param fingerprint hex digest of the sorted rows ({@link FgramVocabulary#fingerprint()}), or null
 *     when not yet known
 */
public record VocabularyMetadata(
        int formatVersion,
        String tokenizer,
        int maxN,
        long minCount,
        long requestedSize,
        long corpusTokens,
        long corpusDocuments,
        long[] keptPerLength,
        long countAtCut,
        String createdAt,
        String fingerprint) {

    /** The vocabulary format this build writes and the newest it reads. */
    public static final int CURRENT_FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = JsonFiles.MAPPER;

    /**
     * @throws IllegalArgumentException if a field is out of range
     */
    public VocabularyMetadata {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(createdAt, "createdAt");
        if (formatVersion < 1) {
            throw new IllegalArgumentException(
                    "The vocabulary format version must be at least 1, not " + formatVersion + ".");
        }
        FgramKey.requireMaxLength(maxN, FgramKey.LONGEST_LENGTH);
        if (minCount < 0 || requestedSize < 0 || corpusTokens < 0 || corpusDocuments < 0) {
            throw new IllegalArgumentException(
                    "Vocabulary counts and sizes cannot be negative: "
                            + counts(minCount, requestedSize, corpusTokens, corpusDocuments)
                            + ".");
        }
        if (keptPerLength == null) {
            keptPerLength = new long[maxN + 1];
        } else if (keptPerLength.length != maxN + 1) {
            throw new IllegalArgumentException(
                    "keptPerLength must have one entry per length 0.."
                            + maxN
                            + ", not "
                            + keptPerLength.length
                            + ".");
        } else {
            keptPerLength = keptPerLength.clone();
        }
    }

    /**
     * Provenance known before counting, with empty content fields: what a streaming writer takes at
     * open.
     */
    public static VocabularyMetadata provenance(
            String tokenizer,
            int maxN,
            long minCount,
            long requestedSize,
            long corpusTokens,
            long corpusDocuments,
            String createdAt) {
        return new VocabularyMetadata(
                CURRENT_FORMAT_VERSION,
                tokenizer,
                maxN,
                minCount,
                requestedSize,
                corpusTokens,
                corpusDocuments,
                null,
                0,
                createdAt,
                null);
    }

    /** This metadata with the content fields replaced. */
    public VocabularyMetadata withContent(
            long[] keptPerLength, long countAtCut, String fingerprint) {
        return new VocabularyMetadata(
                formatVersion,
                tokenizer,
                maxN,
                minCount,
                requestedSize,
                corpusTokens,
                corpusDocuments,
                keptPerLength,
                countAtCut,
                createdAt,
                fingerprint);
    }

    /** A copy of the number of kept f-grams per length, indexed by n. */
    @Override
    public long[] keptPerLength() {
        return keptPerLength.clone();
    }

    /** Number of kept f-grams of length {@code n}, 0 outside 2..maxN. */
    public long kept(int n) {
        return n >= 0 && n < keptPerLength.length ? keptPerLength[n] : 0;
    }

    /** Total number of kept f-grams. */
    public long totalKept() {
        return Arrays.stream(keptPerLength).sum();
    }

    /** The metadata as indented JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Vocabulary metadata could not be written as JSON.", e);
        }
    }

    /**
     * Parses metadata written by {@link #toJson()}; fields it does not know are ignored so that
     * additions in later builds do not break it.
     *
     * @param source where the text came from, named in error messages
     * @throws InvalidVocabularyException if the text is not vocabulary metadata, or comes from a
     *     newer format version
     */
    public static VocabularyMetadata fromJson(String json, String source) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new InvalidVocabularyException(
                        "The vocabulary metadata in " + source + " is not a JSON object.");
            }
            // Checked before binding: a newer version may have fields this build cannot bind.
            int version = tree.path("formatVersion").asInt(0);
            if (version > CURRENT_FORMAT_VERSION) {
                throw new InvalidVocabularyException(
                        source
                                + " has vocabulary format version "
                                + version
                                + ", newer than the "
                                + CURRENT_FORMAT_VERSION
                                + " this build reads; use a newer SCONE Stream.");
            }
            return JSON.treeToValue(tree, VocabularyMetadata.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason =
                    cause instanceof JsonProcessingException processing
                            ? processing.getOriginalMessage()
                            : cause.getMessage();
            throw new InvalidVocabularyException(
                    "The vocabulary metadata in " + source + " is not valid: " + reason, e);
        }
    }

    /** Writes the summary JSON to {@code path}, replacing any file there. */
    public void writeJson(Path path) throws IOException {
        Files.writeString(path, toJson() + System.lineSeparator());
    }

    /**
     * Reads a summary JSON written by {@link #writeJson(Path)}.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws InvalidVocabularyException if it is not vocabulary metadata this build reads
     */
    public static VocabularyMetadata readJson(Path path) throws IOException {
        return fromJson(Files.readString(path), path.toString());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VocabularyMetadata that
                && formatVersion == that.formatVersion
                && maxN == that.maxN
                && minCount == that.minCount
                && requestedSize == that.requestedSize
                && corpusTokens == that.corpusTokens
                && corpusDocuments == that.corpusDocuments
                && countAtCut == that.countAtCut
                && tokenizer.equals(that.tokenizer)
                && Arrays.equals(keptPerLength, that.keptPerLength)
                && createdAt.equals(that.createdAt)
                && Objects.equals(fingerprint, that.fingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                                formatVersion,
                                tokenizer,
                                maxN,
                                minCount,
                                requestedSize,
                                corpusTokens,
                                corpusDocuments,
                                countAtCut,
                                createdAt,
                                fingerprint)
                        * 31
                + Arrays.hashCode(keptPerLength);
    }

    /** The four counts as the constructor's error and {@link #toString()} name them. */
    private static String counts(
            long minCount, long requestedSize, long corpusTokens, long corpusDocuments) {
        return "minCount="
                + minCount
                + ", requestedSize="
                + requestedSize
                + ", corpusTokens="
                + corpusTokens
                + ", corpusDocuments="
                + corpusDocuments;
    }

    @Override
    public String toString() {
        return "VocabularyMetadata{formatVersion="
                + formatVersion
                + ", tokenizer="
                + tokenizer
                + ", maxN="
                + maxN
                + ", "
                + counts(minCount, requestedSize, corpusTokens, corpusDocuments)
                + ", keptPerLength="
                + Arrays.toString(keptPerLength)
                + ", countAtCut="
                + countAtCut
                + ", createdAt="
                + createdAt
                + ", fingerprint="
                + fingerprint
                + "}";
    }
}
