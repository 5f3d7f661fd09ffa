package dev.scone.cluster;

import dev.scone.flink.discovery.AfEmbeddingModels;
import dev.scone.flink.discovery.DiscoveryRunner;
import dev.scone.flink.discovery.DiscoverySettings;
import dev.scone.kafka.KafkaPreflight;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.serving.ModelRepository;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job jar's second main class: live f-gram discovery on whatever environment Flink gives it, as
 * {@code scone discover --jobmanager} submits it (REST jar run with this entry class) or {@code
 * flink run -c dev.scone.cluster.DiscoveryJobMain}. The program arguments are the options of {@code
 * scone discover} ({@link DiscoveryOptions}). Like {@link ServiceJobMain} it never calls
 * System.exit; user errors are exceptions with one sentence.
 */
@Command(
        name = "scone-discovery-job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "SCONE Stream's live f-gram discovery as a Flink job, for a Flink cluster.")
public final class DiscoveryJobMain implements EntryPoints.ClusterJob {

    @Mixin DiscoveryOptions options = new DiscoveryOptions();

    @Option(
            names = "--scone-home",
            defaultValue = "${env:SCONE_HOME:-.}",
            description =
                    "Directory whose model/pretrained holds the shipped models that --model may"
                            + " name (default: ${DEFAULT-VALUE}).")
    Path sconeHome;

    private DiscoverySettings settings;

    public static void main(String[] args) throws Exception {
        EntryPoints.run(parse(args));
    }

    /**
     * Parses program arguments; prints the usage and returns null for --help or --version.
     *
     * @throws IllegalArgumentException with one sentence for a bad argument
     */
    public static DiscoveryJobMain parse(String... args) {
        DiscoveryJobMain job = EntryPoints.parse(new DiscoveryJobMain(), args);
        if (job != null) {
            job.settings = job.options.settings();
        }
        return job;
    }

    /** The discovery job's options as parsed. */
    public DiscoveryOptions options() {
        return options;
    }

    /** The discovery job's Flink settings, for a cluster ({@link EntryPoints#forCluster}). */
    @Override
    public Configuration flinkConfiguration() {
        return EntryPoints.forCluster(
                DiscoveryRunner.flinkConfiguration(settings, sconeHome), settings.job());
    }

    /** Checks the model and Kafka as {@code scone discover} does, then submits the job. */
    @Override
    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        ModelRepository models = ModelRepository.forHome(sconeHome.toAbsolutePath().normalize());
        Path modelDir = models.resolve(settings.job().model()).toAbsolutePath().normalize();
        ModelCard card = models.card(modelDir);
        String problem = AfEmbeddingModels.problem(modelDir);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        KafkaPreflight.check(
                DiscoveryRunner.kafkaProperties(settings),
                DiscoveryRunner.kafkaNeeds(settings.kafka()));
        return DiscoveryRunner.start(env, settings, card, modelDir);
    }
}
