package dev.scone.cli;

import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.cli.cluster.RemoteSubmission;
import dev.scone.cluster.DiscoveryJobMain;
import dev.scone.cluster.DiscoveryOptions;
import dev.scone.flink.discovery.AfEmbeddingModels;
import dev.scone.flink.discovery.DiscoveryRunner;
import dev.scone.flink.discovery.DiscoverySettings;
import dev.scone.flink.discovery.DiscoveryVersion;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaPreflight;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.serving.ModelRepository;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scone discover}: the live f-gram discovery job against any Kafka brokers. */
@Command(
        name = "discover",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Grow the f-gram table from the stream: a Flink job of its own, beside 'scone serve'.",
            "Counts the documents' n-grams (2..K) in bounded, decaying keyed state, Apriori-pruned",
            "against the live table; embeds those that reach --min-count with the model's A_F",
            "and publishes them to the table topic (transactionally); deletes the coldest",
            "discovered f-grams to stay within --max-discovered. Runs on an embedded Flink",
            "MiniCluster until Ctrl-C, or on a cluster with --jobmanager."
        })
final class DiscoverCommand implements Callable<Integer> {

    @Mixin DiscoveryOptions options = new DiscoveryOptions();

    @Option(
            names = "--jobmanager",
            paramLabel = "HOST:PORT",
            description =
                    "Submit the job to this Flink JobManager's REST endpoint (for example"
                            + " 127.0.0.1:8081 of 'scone cluster up') instead of running it here.")
    String jobManager;

    @Option(
            names = "--job-jar",
            paramLabel = "JAR",
            description =
                    "Job jar to submit with --jobmanager (default: "
                            + RemoteSubmission.JOB_JAR
                            + " when built, else the jar this command runs from).")
    Path jobJar;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8082",
            description =
                    "Port of the local Flink Web UI and REST API; the next free one if taken"
                            + " (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Override
    public Integer call() throws Exception {
        DiscoverySettings settings;
        try {
            settings = options.settings();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        ModelRepository models = ModelRepository.forHome(SconeHome.root());
        Path modelDir = models.resolve(options.model);
        ModelCard card = models.card(modelDir);
        String problem = AfEmbeddingModels.problem(modelDir);
        if (problem != null) {
            throw new UserException(problem);
        }
        // Before a job exists: a missing topic or ACL is one sentence now, not a job that fails
        // over forever.
        KafkaClientProperties kafka = DiscoveryRunner.kafkaProperties(settings);
        ErrorReporter.hideSecretsOf(kafka);
        KafkaPreflight.check(kafka, DiscoveryRunner.kafkaNeeds(settings.kafka()));

        if (jobManager != null) {
            options.model = modelDir.toAbsolutePath().toString();
            RemoteSubmission submission = new RemoteSubmission(jobManager);
            Path jar = jobJar != null ? jobJar : RemoteSubmission.locateJobJar(SconeHome.root());
            String jobId =
                    submission.submit(
                            jar,
                            DiscoveryJobMain.class.getName(),
                            RemoteSubmission.arguments(options),
                            null);
            System.out.println(
                    "Submitted SCONE Stream discovery to "
                            + submission.rest().address()
                            + " as job "
                            + jobId
                            + "; it grows "
                            + options.tableTopic
                            + " for model "
                            + card.modelVersion()
                            + ".");
            return ExitCodes.OK;
        }
        StreamExecutionEnvironment env =
                InProcessCluster.create(
                        DiscoveryRunner.flinkConfiguration(settings, SconeHome.root()),
                        options.parallelism,
                        webUiPort);
        JobClient job = DiscoveryRunner.start(env, settings, card, modelDir);
        System.out.println(
                "SCONE Stream discovery is growing the table for model "
                        + card.modelVersion()
                        + " (job "
                        + job.getJobID()
                        + ")\n  documents: "
                        + options.documentsTopic
                        + " -> table: "
                        + options.tableTopic
                        + " as table version "
                        + DiscoveryVersion.of(card.modelVersion())
                        + "\n  admits at count "
                        + options.minCount
                        + ", keeps at most "
                        + options.maxDiscovered
                        + " discovered f-grams, window "
                        + options.window
                        + "\n  Flink Web UI: "
                        + InProcessCluster.restAddress(env)
                        + "\nPress Ctrl-C to stop.");
        return JobLifetime.runUntilStopped(job);
    }
}
