package dev.scone.flink.service;

import dev.scone.schemas.Task;
import java.util.HashMap;
import java.util.Map;

/**
 * A validated document on its way through the job. {@code requestKey} (the record's log
 * coordinates) identifies the request inside the job, so two documents that share a caller id never
 * mix their positions.
 */
public class DocumentRequest {

    public RequestKey requestKey;
    public String id;
    public Task task;
    public String text;

    /** The tokens the job works on; for a long GENERATE prompt only its tail (see below). */
    public int[] tokens;

    /**
     * GENERATE: how many of the prompt's first tokens ingest cut off because the decoder would not
     * read them; the whole prompt had {@code promptTokensTrimmed + tokens.length} tokens.
     */
    public int promptTokensTrimmed;

    public int maxNewTokens;
    public float temperature;
    public int topK;
    public long seed;
    public boolean returnTokenLogProbs;
    public Map<String, String> attributes = new HashMap<>();

    /** Wall-clock milliseconds when the job first saw the record, for end-to-end latency. */
    public long ingestMillis;

    /**
     * The Kafka record's timestamp: the same on every replay, so what a job derives from it (the
     * discovery job's decayed counts) does not depend on when the record is read.
     */
    public long recordMillis;

    public DocumentRequest() {}

    public boolean isGenerate() {
        return task == Task.GENERATE;
    }

    @Override
    public String toString() {
        return "DocumentRequest{"
                + requestKey
                + ", id="
                + id
                + ", task="
                + task
                + ", tokens="
                + (tokens == null ? "?" : String.valueOf(tokens.length))
                + "}";
    }
}
