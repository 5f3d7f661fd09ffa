package dev.scone.cli;

import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.cli.cluster.RemoteSubmission;
import dev.scone.cluster.ServiceOptions;
import dev.scone.flink.service.ServiceRunner;
import dev.scone.flink.service.settings.ServiceSettings;
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

/** {@code scone serve}: the streaming service against any Kafka brokers. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the streaming service against Kafka brokers.",
            "Documents from Kafka, longest f-gram match in keyed RocksDB state, the SCONE",
            "decoder, results back to Kafka. Runs on an embedded Flink",
            "MiniCluster with the Web UI on 127.0.0.1 until Ctrl-C. Publish the table with",
            "'scone table publish' (before or while it runs)."
        })
final class ServeCommand implements Callable<Integer> {

    @Mixin ServiceOptions config;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8081",
            description =
                    "Port of the local Flink Web UI and REST API; the next free one if taken"
                            + " (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(
            names = "--jobmanager",
            paramLabel = "HOST:PORT",
            description =
                    "Submit the service to the Flink cluster whose REST API is at HOST:PORT (such as"
                            + " 'scone cluster up' starts) instead of running it on an embedded"
                            + " MiniCluster.")
    String jobManager;

    @Option(
            names = "--job-jar",
            paramLabel = "FILE",
            description =
                    "Job jar to submit with --jobmanager (default: flink-jobs/deploy/target/scone-job.jar"
                            + " when built and current, otherwise this command's own jar).")
    Path jobJar;

    @Override
    public Integer call() throws Exception {
        config.validate();
        // Before the model loads or a job exists: a missing topic or ACL is one sentence now, not
        // a job that fails over forever.
        KafkaClientProperties kafka = ServiceRunner.kafkaProperties(config.settings().kafka());
        ErrorReporter.hideSecretsOf(kafka);
        KafkaPreflight.check(kafka, ServiceRunner.kafkaNeeds(config.settings().kafka()));
        ModelRepository models = ModelRepository.forHome(SconeHome.root());
        Path modelDir = models.resolve(config.model);
        ModelCard card = models.card(modelDir);
        if (jobManager != null) {
            config.model = modelDir.toAbsolutePath().toString();
            RemoteSubmission submission = new RemoteSubmission(jobManager);
            String jobId =
                    submission.submit(
                            jobJar != null
                                    ? jobJar
                                    : RemoteSubmission.locateJobJar(SconeHome.root()),
                            config);
            System.out.println(
                    "SCONE Stream (model "
                            + card.modelVersion()
                            + ") submitted as job "
                            + jobId
                            + "\n  Flink Web UI: "
                            + submission.rest().address());
            return ExitCodes.OK;
        }

        ServiceSettings settings = config.settings();
        StreamExecutionEnvironment env =
                InProcessCluster.create(
                        ServiceRunner.flinkConfiguration(settings.job(), SconeHome.root()),
                        settings.job().parallelism(),
                        webUiPort);
        JobClient job = ServiceRunner.startLocal(env, settings, card, modelDir);
        System.out.println(
                "SCONE Stream is serving model "
                        + card.modelVersion()
                        + " (job "
                        + job.getJobID()
                        + ")\n  documents: "
                        + config.documentsTopic
                        + " -> results: "
                        + config.resultsTopic
                        + ", dead letters: "
                        + config.deadLetterTopic
                        + "\n  Flink Web UI: "
                        + InProcessCluster.restAddress(env)
                        + "\nPress Ctrl-C to stop.");
        return JobLifetime.runUntilStopped(job);
    }
}
