package dev.scone.tests.service;

import dev.scone.broker.LocalKafkaBroker;
import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.cluster.ServiceOptions;
import dev.scone.flink.service.ServiceMetrics;
import dev.scone.flink.service.ServiceRunner;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.model.nn.ModelCard;
import dev.scone.tests.fixtures.InstalledModel;
import dev.scone.tests.fixtures.SconeBroker;
import dev.scone.tests.fixtures.TinySconeModel;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the service and discovery ITCases start: a test model installed, and a broker on a free
 * port that holds the SCONE topics, the model's table published on its table topic as v1.
 */
final class ModelOnBroker implements AutoCloseable {

    /** A job started on an in-process cluster, and its metrics through that cluster's REST API. */
    record RunningJob(JobClient job, ServiceMetrics metrics) {}

    final Path modelDir;
    final ModelCard card;
    final Path tableFile;
    final LocalKafkaBroker broker;
    final KafkaTestClient kafka;

    /** Records of table v1 on the table topic. */
    final long tableRecords;

    private ModelOnBroker(InstalledModel installed, LocalKafkaBroker broker, long tableRecords)
            throws Exception {
        this.modelDir = installed.dir();
        this.card = installed.card();
        this.tableFile = installed.tableFile();
        this.broker = broker;
        this.kafka = new KafkaTestClient(broker.clientProperties());
        this.tableRecords = tableRecords;
    }

    /** Installs {@code model} under {@code temp} and starts the broker in {@code temp/kafka}. */
    static ModelOnBroker start(TinySconeModel model, Path temp) throws Exception {
        InstalledModel installed = InstalledModel.install(model, temp);
        LocalKafkaBroker broker = SconeBroker.startWithTopics(temp.resolve("kafka"));
        try {
            return new ModelOnBroker(
                    installed,
                    broker,
                    SconeBroker.publishTable(broker, installed.tableFile(), "v1"));
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    /**
     * Options of a service on this broker at {@code parallelism}, checkpointing every second into
     * {@code checkpoints}.
     */
    ServiceOptions serviceOptions(int parallelism, Path checkpoints) {
        ServiceOptions options = new ServiceOptions();
        options.bootstrapServers = broker.bootstrapServers();
        options.parallelism = parallelism;
        options.checkpointInterval = Duration.ofSeconds(1);
        options.checkpointDir = checkpoints.toUri().toString();
        return options;
    }

    /**
     * Starts the service with {@code options} serving the model, on an in-process cluster of {@code
     * slots} slots whose REST API listens on {@code restPort}.
     */
    RunningJob startService(ServiceOptions options, Path home, int slots, int restPort)
            throws Exception {
        ServiceSettings settings = options.settings();
        StreamExecutionEnvironment env =
                InProcessCluster.create(
                        ServiceRunner.flinkConfiguration(settings.job(), home), slots, restPort);
        JobClient job = ServiceRunner.startLocal(env, settings, card, modelDir);
        return new RunningJob(
                job,
                new ServiceMetrics(
                        InProcessCluster.restAddress(env), job.getJobID().toHexString()));
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
