package dev.scone.cluster;

import dev.scone.flink.service.ServedModelInfo;
import dev.scone.flink.service.ServiceRunner;
import dev.scone.flink.service.decoder.DjlModelSessionFactory;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.kafka.KafkaPreflight;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.serving.ModelRepository;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Main class of the deployable job jar: runs the streaming service on whatever environment Flink
 * gives it — {@code flink run}, a jar run through the REST API or Web UI, or application mode on
 * Kubernetes. The program arguments are the options of {@code scone serve} ({@link ServiceOptions})
 * plus where models and the table are.
 *
 * <p>It never calls System.exit: on a JobManager that would end the JobManager. User errors are
 * exceptions with one sentence, which Flink reports to whoever submitted the job; that includes the
 * Kafka preflight of {@code scone serve}, run before the job is defined.
 */
@Command(
        name = "scone-job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The SCONE Stream service as a Flink job, for a Flink cluster.",
            "Submit with: flink run -d scone-job.jar [OPTIONS], or through the REST API."
        })
public final class ServiceJobMain implements EntryPoints.ClusterJob {

    @Mixin ServiceOptions options = new ServiceOptions();

    private ServiceSettings settings;

    @Option(
            names = "--scone-home",
            defaultValue = "${env:SCONE_HOME:-.}",
            description =
                    "Directory whose model/pretrained holds the shipped models that --model may"
                            + " name; it must look the same on the JobManager and every"
                            + " TaskManager (default: ${DEFAULT-VALUE}).")
    Path sconeHome;

    @Option(
            names = "--table",
            paramLabel = "FILE",
            description =
                    "Table file (from 'scone table build') to publish to the changelog topic"
                            + " before the job starts, unless the topic already ends with"
                            + " --table-version.")
    Path tableFile;

    @Option(
            names = "--table-version",
            description =
                    "Version the table is published under and reported on results (default: the"
                            + " table file's own version).")
    String tableVersion;

    public static void main(String[] args) throws Exception {
        EntryPoints.run(parse(args));
    }

    /**
     * Parses program arguments; prints the usage and returns null for --help or --version.
     *
     * @throws IllegalArgumentException with picocli's sentence for a bad argument
     */
    public static ServiceJobMain parse(String... args) {
        ServiceJobMain job = EntryPoints.parse(new ServiceJobMain(), args);
        return job == null ? null : job.settle();
    }

    private ServiceJobMain settle() {
        if (tableVersion != null && tableFile == null) {
            throw new IllegalArgumentException("--table-version needs --table.");
        }
        settings = options.settings();
        return this;
    }

    /** The service's options as parsed. */
    public ServiceOptions options() {
        return options;
    }

    /** The service's Flink settings, for a cluster ({@link EntryPoints#forCluster}). */
    @Override
    public Configuration flinkConfiguration() {
        return EntryPoints.forCluster(
                ServiceRunner.flinkConfiguration(settings.job(), sconeHome), settings.job());
    }

    /** Publishes the table when asked, then defines and submits the job on {@code env}. */
    @Override
    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        if (settings.job().checkpointDir() == null
                && env.getConfiguration()
                        .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                        .isEmpty()) {
            throw new IllegalArgumentException(
                    "No checkpoint directory: give --checkpoint-dir or set "
                            + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
                            + " in the cluster's configuration.");
        }
        // As `scone serve` does: a missing topic or ACL is one sentence to whoever submitted the
        // job (a KafkaAccessException), not a job that fails over for ever.
        KafkaPreflight.check(
                ServiceRunner.kafkaProperties(settings.kafka()),
                ServiceRunner.kafkaNeeds(settings.kafka()));
        ModelRepository models = ModelRepository.forHome(sconeHome.toAbsolutePath().normalize());
        Path modelDir = models.resolve(settings.job().model()).toAbsolutePath().normalize();
        ModelCard card = models.card(modelDir);
        if (tableFile != null) {
            TableBootstrap.publishUnlessPresent(
                    ServiceRunner.kafkaProperties(settings.kafka()),
                    settings.kafka().tableTopic(),
                    tableFile,
                    tableVersion,
                    card);
        }
        return ServiceRunner.start(
                env,
                settings,
                ServedModelInfo.of(card),
                new DjlModelSessionFactory(modelDir, settings.decoder().threads()));
    }
}
