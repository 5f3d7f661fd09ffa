package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.cli.cluster.ClusterSettings;
import dev.scone.cli.cluster.FlinkRestClient;
import dev.scone.cli.cluster.MultiProcessCluster;
import dev.scone.cli.cluster.RemoteSubmission;
import dev.scone.cluster.TableBootstrap;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.ServiceMetrics;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.process.LoopbackPorts;
import dev.scone.schemas.Document;
import dev.scone.schemas.Result;
import dev.scone.schemas.topic.SconeTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a real multi-process Flink session cluster — a JobManager and two TaskManagers
 * with one slot each, every one its own JVM, submitted through the REST API like {@code scone serve
 * --jobmanager} does — survives the failures a deployment meets, with exactly-once results that
 * equal offline scoring:
 *
 * <ol>
 *   <li>a TaskManager killed with SIGKILL mid-stream and a new one started: the job restores its
 *       last checkpoint;
 *   <li>stop with a savepoint and resume at parallelism 1, then 2 again: the table in keyed state
 *       moves with the key groups and is not republished;
 *   <li>the Kafka broker restarted mid-stream.
 * </ol>
 *
 * Each prints its measurements (documents, kill and recovery times, counts) with the prefix {@code
 * [cluster]}; docs/operations.md records a run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverITCase {

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final double DOCUMENTS_PER_SECOND = 12;

    @TempDir static Path temp;

    private static LocalKafkaBroker broker;
    private static MultiProcessCluster cluster;
    private static RemoteSubmission submission;
    private static Path jobJar;
    private static Path modelDir;
    private static InMemoryFgramTable table;
    private static OfflineResults offline;
    private static ResultCollector results;
    private static String jobId;

    @RegisterExtension
    static final ClusterDiagnostics DIAGNOSTICS =
            new ClusterDiagnostics(() -> cluster, () -> jobId);

    @BeforeAll
    static void startClusterAndService() throws Exception {
        modelDir = ClusterDocuments.MODEL.writeTo(temp.resolve("models/tiny"));
        ModelRepository models =
                new ModelRepository(temp.resolve("models"), temp.resolve("tables"));
        Path tableFile = models.table(modelDir, ProgressReporter.silent());
        table = FgramTableFile.load(tableFile);
        offline = new OfflineResults(modelDir, table);

        broker = LocalKafkaBroker.start(temp.resolve("kafka"), 0);
        DIAGNOSTICS.alsoShow(broker.logFile());
        try (Admin admin = Admin.create(broker.clientProperties().toProperties())) {
            SconeTopics.ensureTopics(admin, 2);
        }
        // What the job's main method does with --table and --table-version on a deployment.
        ModelCard card = models.card(modelDir);
        long published =
                TableBootstrap.publishUnlessPresent(
                        broker.clientProperties(), SconeTopics.FGRAM_TABLE, tableFile, "v1", card);
        assertThat(published).isEqualTo(table.size());
        assertThat(
                        TableBootstrap.publishUnlessPresent(
                                broker.clientProperties(),
                                SconeTopics.FGRAM_TABLE,
                                tableFile,
                                "v1",
                                card))
                .as("a JobManager that runs the main method again publishes nothing")
                .isZero();

        ClusterSettings settings =
                new ClusterSettings(temp.resolve("cluster"))
                        .restPort(LoopbackPorts.free())
                        .rpcPort(LoopbackPorts.free())
                        .kafka(false)
                        .taskManagers(2)
                        .slotsPerTaskManager(1)
                        .taskManagerMemory("1280m")
                        .jobManagerMemory("768m")
                        // The REST API caches job details and metrics; fresher answers make the
                        // measured recovery times closer to the truth.
                        .flinkOverride(WebOptions.REFRESH_INTERVAL.key(), "500 ms")
                        .flinkOverride(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL.key(), "1 s");
        cluster = new MultiProcessCluster(settings, true);
        cluster.up(LIMIT);

        submission = new RemoteSubmission(cluster.restAddress());
        jobJar = RemoteSubmission.locateJobJar(temp);
        results = ResultCollector.start(broker.clientProperties());
        jobId = submission.submit(jobJar, arguments(2), null);
        awaitAllTasksRunning(jobId);
        assertThat(
                        new ServiceMetrics(cluster.restAddress(), jobId)
                                .awaitAtLeast(MetricNames.TABLE_UPDATES_APPLIED, published, LIMIT))
                .as("the table is loaded into keyed state")
                .isTrue();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (results != null) {
            results.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (offline != null) {
            offline.close();
        }
        if (table != null) {
            table.close();
        }
    }

    private static List<String> arguments(int parallelism) {
        return List.of(
                "--bootstrap-servers", broker.bootstrapServers(),
                "--model", modelDir.toString(),
                "--parallelism", Integer.toString(parallelism),
                "--checkpoint-interval", "PT1S",
                "--decoder-batch-size", "4",
                // Documents caught mid-assembly by a failure wait for recovery, not for this.
                "--assembly-timeout", "PT5M",
                "--group-id", "scone-cluster-test");
    }

    @Test
    @Order(1)
    void aKilledTaskManagerIsReplacedAndEveryDocumentGetsExactlyOneCorrectResult()
            throws Exception {
        List<Document> documents = ClusterDocuments.mixed("kill", 120, 1);
        long killedAt;
        long taskManagerBackAt;
        long runningAgainAt;
        long checkpointBeforeKill;
        FlinkRestClient.CheckpointStatistics afterRecovery;
        long streamStart;
        try (DocumentStream stream =
                DocumentStream.start(broker.clientProperties(), documents, DOCUMENTS_PER_SECOND)) {
            assertThat(stream.awaitHandedOver(documents.size() / 3, LIMIT)).isTrue();
            assertThat(results.awaitIds("kill-", List.of(documents.get(0).getId()), LIMIT))
                    .as("results flow before the failure")
                    .isTrue();
            checkpointBeforeKill = awaitNewCheckpoint();
            streamStart = stream.startedAtMillis();

            cluster.taskManager(1).kill();
            killedAt = System.currentTimeMillis();
            assertThat(cluster.taskManager(1).isRunning()).isFalse();

            assertThat(cluster.up(LIMIT)).containsExactly("taskmanager-1");
            taskManagerBackAt = System.currentTimeMillis();
            afterRecovery = awaitRestoredAfter(jobId, killedAt);
            runningAgainAt = System.currentTimeMillis();
            stream.awaitAllAcknowledged(LIMIT);
        }

        Map<String, List<Result>> answered =
                assertAnsweredOnceAsOffline("kill-", documents, "after the failover");
        assertThat(afterRecovery.restoredId())
                .as("restored from a checkpoint at least as new as the last one before the kill")
                .isGreaterThanOrEqualTo(checkpointBeforeKill);

        List<Long> arrivals =
                results.arrivals("kill-").stream().map(ResultCollector.Arrival::atMillis).toList();
        report(
                "TaskManager killed with SIGKILL",
                "documents %d (%d SCORE, %d GENERATE) at %.0f/s; killed taskmanager-1 %.1f s"
                        + " after the first document; replacement registered after %.1f s; job"
                        + " running again from checkpoint %d (last completed before the kill: %d)"
                        + " %.1f s after the kill; read_committed readers saw no new result for"
                        + " %.1f s; results %d, ids %d, duplicates %d",
                documents.size(),
                documents.size() - documents.size() / ClusterDocuments.GENERATE_EVERY,
                documents.size() / ClusterDocuments.GENERATE_EVERY,
                DOCUMENTS_PER_SECOND,
                (killedAt - streamStart) / 1e3,
                (taskManagerBackAt - killedAt) / 1e3,
                afterRecovery.restoredId(),
                checkpointBeforeKill,
                (runningAgainAt - killedAt) / 1e3,
                pauseAround(arrivals, killedAt) / 1e3,
                answered.values().stream().mapToInt(List::size).sum(),
                answered.size(),
                answered.values().stream().mapToInt(list -> list.size() - 1).sum());
    }

    /** The longest time without a new result that spans {@code momentMillis}. */
    private static long pauseAround(List<Long> arrivalMillis, long momentMillis) {
        long before = Long.MIN_VALUE;
        for (long at : arrivalMillis) {
            if (at <= momentMillis) {
                before = Math.max(before, at);
            }
        }
        long after =
                arrivalMillis.stream()
                        .mapToLong(Long::longValue)
                        .filter(at -> at > momentMillis)
                        .min()
                        .orElse(-1);
        return before == Long.MIN_VALUE || after < 0 ? -1 : after - before;
    }

    @Test
    @Order(2)
    void aSavepointResumesAtAnotherParallelismWithTheTableStillInKeyedState() throws Exception {
        FlinkRestClient rest = cluster.rest();
        for (int parallelism : new int[] {1, 2}) {
            long stopStart = System.currentTimeMillis();
            String savepoint =
                    rest.stopWithSavepoint(
                            jobId, cluster.settings().savepointDir().toUri().toString(), LIMIT);
            long stoppedAt = System.currentTimeMillis();
            jobId = submission.submit(jobJar, arguments(parallelism), savepoint);
            awaitAllTasksRunning(jobId);
            long resumedAt = System.currentTimeMillis();

            JsonNode job = rest.job(jobId);
            for (JsonNode vertex : job.path("vertices")) {
                assertThat(vertex.path("parallelism").asInt())
                        .as("parallelism of %s", vertex.path("name").asText())
                        .isEqualTo(parallelism);
            }
            FlinkRestClient.CheckpointStatistics restored = rest.checkpoints(jobId);
            assertThat(restored.restoredFromSavepoint()).isTrue();

            String name = "rescale" + parallelism;
            String prefix = name + "-";
            List<Document> documents = ClusterDocuments.mixed(name, 20, 10 + parallelism);
            try (DocumentStream stream =
                    DocumentStream.start(broker.clientProperties(), documents, 20)) {
                stream.awaitAllAcknowledged(LIMIT);
            }
            Map<String, List<Result>> answered =
                    assertAnsweredOnceAsOffline(prefix, documents, "after the resume");
            assertThat(answered.values())
                    .as("documents whose positions found f-grams in the restored keyed state")
                    .anySatisfy(list -> assertThat(list.get(0).getMatchedPositions()).isPositive());
            ServiceMetrics metrics = new ServiceMetrics(cluster.restAddress(), jobId);
            // The REST API refreshes operator metrics every few seconds; once lookups show, the
            // table counter shown is from after the job ran.
            assertThat(metrics.awaitAtLeast(MetricNames.FGRAM_LOOKUPS, 1, LIMIT)).isTrue();
            long applied = metrics.sum(MetricNames.TABLE_UPDATES_APPLIED);
            assertThat(applied)
                    .as("table entries the resumed job read from the changelog")
                    .isZero();
            report(
                    "savepoint rescale",
                    "stop with savepoint %.1f s; resumed at parallelism %d, all tasks running"
                            + " after %.1f s; %d documents answered exactly once and equal to"
                            + " offline; table entries re-read from the changelog: %d",
                    (stoppedAt - stopStart) / 1e3,
                    parallelism,
                    (resumedAt - stoppedAt) / 1e3,
                    documents.size(),
                    applied);
        }
    }

    @Test
    @Order(3)
    void aBrokerRestartMidStreamLosesAndDuplicatesNoDocument() throws Exception {
        List<Document> documents = ClusterDocuments.mixed("broker", 90, 3);
        long restartStart;
        long restartedAt;
        try (DocumentStream stream =
                DocumentStream.start(broker.clientProperties(), documents, DOCUMENTS_PER_SECOND)) {
            assertThat(stream.awaitHandedOver(documents.size() / 3, LIMIT)).isTrue();
            restartStart = System.currentTimeMillis();
            broker.restart();
            restartedAt = System.currentTimeMillis();
            stream.awaitAllAcknowledged(LIMIT);
        }
        Map<String, List<Result>> answered =
                assertAnsweredOnceAsOffline("broker-", documents, "after the broker restart");
        report(
                "broker restart",
                "documents %d; broker down and back in %.1f s; results %d, ids %d, duplicates %d",
                documents.size(),
                (restartedAt - restartStart) / 1e3,
                answered.values().stream().mapToInt(List::size).sum(),
                answered.size(),
                answered.values().stream().mapToInt(list -> list.size() - 1).sum());
    }

    /**
     * Waits until every document has a result, and for a checkpoint after that (so the results are
     * committed); asserts each document was answered exactly once, equal to offline scoring.
     *
     * @param when when the documents were sent, for the message of a failed wait
     * @return the results of the documents by id
     */
    private static Map<String, List<Result>> assertAnsweredOnceAsOffline(
            String prefix, List<Document> documents, String when) throws Exception {
        assertThat(results.awaitIds(prefix, ids(documents), LIMIT))
                .as("every document answered " + when)
                .isTrue();
        awaitNewCheckpoint();
        Map<String, List<Result>> answered = results.byId(prefix);
        offline.assertExactlyOneCorrectResultEach(documents, answered);
        return answered;
    }

    private static List<String> ids(List<Document> documents) {
        List<String> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.getId()));
        return ids;
    }

    private static void awaitAllTasksRunning(String job) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!cluster.rest().allTasksRunning(job)) {
            assertThat(System.nanoTime())
                    .as("job %s has every task running in time", job)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Waits until the job completes a checkpoint that was triggered after this call: every result
     * produced before the call is then committed and visible to read_committed readers, duplicates
     * included, were there any.
     *
     * @return that checkpoint's id
     */
    private static long awaitNewCheckpoint() throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long before = cluster.rest().checkpoints(jobId).latestCompletedId();
        while (true) {
            FlinkRestClient.CheckpointStatistics checkpoints = cluster.rest().checkpoints(jobId);
            // The checkpoint in flight now may have started before the call; the one after it
            // cannot have.
            if (checkpoints.latestCompletedId() >= before + 2) {
                return checkpoints.latestCompletedId();
            }
            assertThat(System.nanoTime())
                    .as("checkpoints complete in time (now %s)", checkpoints)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits until the job restored a checkpoint after {@code afterMillis} and runs every task. */
    private static FlinkRestClient.CheckpointStatistics awaitRestoredAfter(
            String job, long afterMillis) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            FlinkRestClient.CheckpointStatistics checkpoints = cluster.rest().checkpoints(job);
            if (checkpoints.restoredAt() > afterMillis && cluster.rest().allTasksRunning(job)) {
                return checkpoints;
            }
            assertThat(System.nanoTime())
                    .as("job %s recovers in time (now %s)", job, checkpoints)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void report(String what, String format, Object... values) {
        System.out.println("[cluster] " + what + ": " + String.format(format, values));
    }
}
