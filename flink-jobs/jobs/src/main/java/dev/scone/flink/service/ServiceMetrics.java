package dev.scone.flink.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the service's operator metrics through Flink's REST API (the same numbers the Web UI
 * shows), summed over subtasks, by their {@link MetricNames}. The demo, the benchmarks and the
 * tests use it to see when the table has been loaded into keyed state and how far the job got.
 */
public final class ServiceMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String jobId;

    /**
     * @param restAddress the JobManager's REST endpoint, such as http://127.0.0.1:8081
     * @param jobId the service job's id
     */
    public ServiceMetrics(String restAddress, String jobId) {
        this.baseUrl =
                restAddress.endsWith("/")
                        ? restAddress.substring(0, restAddress.length() - 1)
                        : restAddress;
        this.jobId = jobId;
    }

    /**
     * Sum over all vertices and subtasks of the operator metric named {@code metric}; 0 while the
     * job has not reported it yet.
     */
    public long sum(String metric) throws IOException, InterruptedException {
        long total = 0;
        for (String vertex : vertexIds()) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode node : get(path)) {
                String id = node.path("id").asText();
                if (id.equals(metric) || id.endsWith("." + metric)) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            String query =
                    "?agg=sum&get="
                            + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
            for (JsonNode node : get(path + query)) {
                total += (long) node.path("sum").asDouble();
            }
        }
        return total;
    }

    /**
     * Largest and mean value of the operator metric {@code metric} over the subtasks of the vertex
     * that reports it: how evenly the work is spread, e.g. lookups per subtask.
     *
     * @return {max, mean}, or {0, 0} while no vertex reports the metric
     */
    public double[] maxAndMeanOverSubtasks(String metric) throws IOException, InterruptedException {
        for (String vertex : vertexIds()) {
            // The vertex endpoint names each subtask's metric "<subtask>.<operator>.<metric>".
            String path = "/jobs/" + jobId + "/vertices/" + vertex + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode node : get(path)) {
                String id = node.path("id").asText();
                if (id.endsWith("." + metric)) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            double max = 0;
            double total = 0;
            String query =
                    "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
            for (JsonNode node : get(path + query)) {
                double value = node.path("value").asDouble();
                max = Math.max(max, value);
                total += value;
            }
            return new double[] {max, total / ids.size()};
        }
        return new double[] {0, 0};
    }

    /**
     * Waits until {@link #sum(String)} of {@code metric} reaches {@code atLeast}, polling every 200
     * ms, for at most {@code limit}.
     *
     * @return whether it was reached in time
     */
    public boolean awaitAtLeast(String metric, long atLeast, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (sum(metric) >= atLeast) {
                return true;
            }
            Thread.sleep(200);
        }
        return sum(metric) >= atLeast;
    }

    private List<String> vertexIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            ids.add(vertex.path("id").asText());
        }
        return ids;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + path))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "Flink REST "
                            + path
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        return JSON.readTree(response.body());
    }
}
