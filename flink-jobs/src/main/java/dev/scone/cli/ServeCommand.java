package dev.scone.cli;

import dev.scone.flink.service.LocalCluster;
import dev.scone.flink.service.ServedModelInfo;
import dev.scone.flink.service.ServiceConfig;
import dev.scone.flink.service.ServiceRunner;
import dev.scone.flink.service.decoder.DjlModelSessionFactory;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.serving.ModelRepository;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Mixin ServiceConfig config;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8081",
            description =
                    "Port of the local Flink Web UI and REST API; the next free one if taken"
                            + " (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Override
    public Integer call() throws Exception {
        config.validate();
        ModelRepository models = ModelRepository.forHome(SconeHome.root());
        Path modelDir = models.resolve(config.model);
        ModelCard card = models.card(modelDir);
        ServedModelInfo info = servedModelInfo(card);

        StreamExecutionEnvironment env =
                LocalCluster.create(
                        ServiceRunner.flinkConfiguration(config, SconeHome.root()),
                        config.parallelism,
                        webUiPort);
        JobClient job =
                ServiceRunner.start(env, config, info, new DjlModelSessionFactory(modelDir));
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
                        + LocalCluster.restAddress(env)
                        + "\nPress Ctrl-C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        job.cancel().get();
                                    } catch (Exception e) {
                                        // Already ending.
                                    }
                                    stopped.countDown();
                                }));
        job.getJobExecutionResult().get();
        stopped.await();
        return ExitCodes.OK;
    }

    static ServedModelInfo servedModelInfo(ModelCard card) {
        return new ServedModelInfo(
                card.config().d(), card.config().maxFgramLength(), card.modelVersion());
    }
}
