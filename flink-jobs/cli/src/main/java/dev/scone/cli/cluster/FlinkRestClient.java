package dev.scone.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parts of Flink's REST API (the one behind the Web UI) that deploying and operating the
 * service needs: upload and run a job jar, stop a job with a savepoint, cancel it, and read its
 * state, its checkpoints and the cluster's TaskManagers. Every call is bounded in time.
 */
public final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** Uploading a shaded job jar of a few hundred MB takes longer than a plain call. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Running a jar executes its main method on the JobManager, which builds the job graph and may
     * publish a table first.
     */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    /**
     * @param address the REST endpoint: {@code HOST:PORT} or {@code http://HOST:PORT}
     */
    public FlinkRestClient(String address) {
        String url = address.contains("://") ? address : "http://" + address;
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            URI uri = new URI(baseUrl);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new URISyntaxException(address, "no host and port");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "'"
                            + address
                            + "' is not a JobManager address; give HOST:PORT, such as"
                            + " 127.0.0.1:8081.",
                    e);
        }
    }

    /** The endpoint, such as {@code http://127.0.0.1:8081}. */
    public String address() {
        return baseUrl;
    }

    /** Whether the REST API answers at all. */
    public boolean isReachable() {
        try {
            get("/config");
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The cluster overview: TaskManagers, slots, jobs by state, Flink version. */
    public JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    /** Resource ids of the TaskManagers registered with the cluster. */
    public List<String> taskManagerIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode taskManager : get("/taskmanagers").path("taskmanagers")) {
            ids.add(taskManager.path("id").asText());
        }
        return ids;
    }

    /** Every job the cluster knows, as id to state (RUNNING, FINISHED, CANCELED ...). */
    public Map<String, String> jobs() throws IOException, InterruptedException {
        Map<String, String> jobs = new LinkedHashMap<>();
        for (JsonNode job : get("/jobs").path("jobs")) {
            jobs.put(job.path("id").asText(), job.path("status").asText());
        }
        return jobs;
    }

    /**
     * Uploads a jar to the cluster.
     *
     * @return the jar's id for {@link #runJar}
     */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("The job jar " + jar + " does not exist.");
        }
        String boundary = "scone-" + UUID.randomUUID();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
                                .timeout(UPLOAD_TIMEOUT)
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.concat(
                                                HttpRequest.BodyPublishers.ofByteArray(head),
                                                HttpRequest.BodyPublishers.ofFile(jar),
                                                HttpRequest.BodyPublishers.ofByteArray(tail)))
                                .build());
        String stored = answer.path("filename").asText();
        if (stored.isEmpty()) {
            throw new IOException("Flink accepted the jar upload but named no file: " + answer);
        }
        return Path.of(stored).getFileName().toString();
    }

    /**
     * Runs an uploaded jar: its {@code entryClass} main method, on the JobManager, with {@code
     * arguments}; restored from {@code savepointPath} when that is not null.
     *
     * @return the id of the job the main method submitted
     */
    public String runJar(
            String jarId, String entryClass, List<String> arguments, String savepointPath)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        ArrayNode args = request.putArray("programArgsList");
        arguments.forEach(args::add);
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
            request.put("allowNonRestoredState", false);
        }
        JsonNode answer = post("/jars/" + jarId + "/run", request, RUN_TIMEOUT);
        String jobId = answer.path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new IOException("Flink ran the jar but reported no job id: " + answer);
        }
        return jobId;
    }

    /** Removes an uploaded jar from the cluster. */
    public void deleteJar(String jarId) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/jars/" + jarId))
                        .timeout(CALL_TIMEOUT)
                        .DELETE()
                        .build());
    }

    /** The job's details: state, vertices with their parallelism and task states. */
    public JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    /** The job's state: CREATED, RUNNING, RESTARTING, FAILED, FINISHED ... */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return job(jobId).path("state").asText();
    }

    /** Whether the job runs and every subtask of every vertex is RUNNING. */
    public boolean allTasksRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = job(jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (vertex.path("tasks").path("RUNNING").asInt()
                    != vertex.path("parallelism").asInt()) {
                return false;
            }
        }
        return true;
    }

    /** The job's checkpoint statistics: counts, latest completed and latest restored. */
    public CheckpointStatistics checkpoints(String jobId) throws IOException, InterruptedException {
        JsonNode stats = get("/jobs/" + jobId + "/checkpoints");
        JsonNode completed = stats.path("latest").path("completed");
        JsonNode restored = stats.path("latest").path("restored");
        return new CheckpointStatistics(
                stats.path("counts").path("completed").asLong(),
                completed.isObject() ? completed.path("id").asLong() : -1,
                completed.isObject() ? completed.path("latest_ack_timestamp").asLong() : -1,
                restored.isObject() ? restored.path("id").asLong() : -1,
                restored.isObject() ? restored.path("restore_timestamp").asLong() : -1,
                restored.isObject() && restored.path("is_savepoint").asBoolean());
    }

    /**
     * Stops the job with a savepoint in {@code targetDirectory} (the cluster's default when null)
     * and waits for it.
     *
     * @return the savepoint's location, to resume from with {@link #runJar}
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration limit)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        if (targetDirectory != null) {
            request.put("targetDirectory", targetDirectory);
        }
        request.put("drain", false);
        JsonNode trigger = post("/jobs/" + jobId + "/stop", request, CALL_TIMEOUT);
        String triggerId = trigger.path("request-id").asText();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("location")) {
                    return operation.path("location").asText();
                }
                throw new IOException(
                        "Stopping job "
                                + jobId
                                + " with a savepoint failed: "
                                + operation.path("failure-cause").path("stack-trace").asText());
            }
            Thread.sleep(250);
        }
        throw new IOException(
                "Job "
                        + jobId
                        + " did not finish its savepoint within "
                        + limit.toSeconds()
                        + " s.");
    }

    /** Cancels the job; a job that already ended is left as it is. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
                        .timeout(CALL_TIMEOUT)
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(CALL_TIMEOUT)
                        .GET()
                        .build());
    }

    private JsonNode post(String path, ObjectNode body, Duration timeout)
            throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("Nothing answers at " + baseUrl + ".", e);
        } catch (HttpTimeoutException e) {
            throw new IOException(
                    "Flink at "
                            + baseUrl
                            + " did not answer "
                            + request.uri().getPath()
                            + " in time.",
                    e);
        }
        String body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "Flink REST "
                            + request.method()
                            + " "
                            + request.uri().getPath()
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + errors(body));
        }
        return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    /** Flink's error list, joined; the raw body when it is not the usual JSON. */
    private static String errors(String body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && errors.size() > 0) {
                List<String> messages = new ArrayList<>();
                for (Iterator<JsonNode> it = errors.elements(); it.hasNext(); ) {
                    messages.add(it.next().asText());
                }
                return String.join(" | ", messages);
            }
        } catch (IOException e) {
            // Not JSON: report the body as it is.
        }
        return body;
    }

    /**
     * A job's checkpoint statistics; ids are -1 where there is none.
     *
     * @param completed checkpoints completed since the job (re)started from its submission
     * @param latestCompletedId id of the newest completed checkpoint
     * @param latestCompletedAt when it was acknowledged, epoch milliseconds
     * @param restoredId id of the checkpoint or savepoint the job last restored from
     * @param restoredAt when it restored, epoch milliseconds
     * @param restoredFromSavepoint whether that was a savepoint
     */
    public record CheckpointStatistics(
            long completed,
            long latestCompletedId,
            long latestCompletedAt,
            long restoredId,
            long restoredAt,
            boolean restoredFromSavepoint) {}
}
