package dev.scone.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cluster.ServiceJobMain;
import dev.scone.cluster.ServiceOptions;
import dev.scone.schemas.topic.SconeTopics;
import java.util.List;

/** What a deployment (Docker Compose, Kubernetes) hands the job jar, as its main class reads it. */
final class DeployedJob {

    private DeployedJob() {}

    /** The service's options in {@code arguments}, parsed as {@link ServiceJobMain} parses them. */
    static ServiceOptions options(List<String> arguments) {
        return ServiceJobMain.parse(arguments.toArray(String[]::new)).options();
    }

    /** Asserts that {@code config} names SCONE's four topics, each once. */
    static void assertNamesEverySconeTopic(ServiceOptions config) {
        assertThat(
                        List.of(
                                config.documentsTopic,
                                config.resultsTopic,
                                config.tableTopic,
                                config.deadLetterTopic))
                .containsExactlyInAnyOrderElementsOf(SconeTopics.names());
    }
}
