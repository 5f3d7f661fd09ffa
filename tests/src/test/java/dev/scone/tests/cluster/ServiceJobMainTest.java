package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.cluster.ServiceJobMain;
import org.junit.jupiter.api.Test;

/** The job's program arguments: the service's options, with user errors as one sentence. */
class ServiceJobMainTest {

    @Test
    void theServiceOptionsParseUnderTheirDocumentedNames() {
        ServiceJobMain job =
                ServiceJobMain.parse(
                        "--bootstrap-servers",
                        "kafka:19092",
                        "--parallelism",
                        "4",
                        "--model",
                        "/m");

        assertThat(job.options().bootstrapServers).isEqualTo("kafka:19092");
        assertThat(job.options().parallelism).isEqualTo(4);
        assertThat(job.options().model).isEqualTo("/m");
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThatThrownBy(() -> ServiceJobMain.parse("--dead-letters", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown options: '--dead-letters', 'x'");
    }

    @Test
    void aTableVersionNeedsATable() {
        assertThatThrownBy(() -> ServiceJobMain.parse("--table-version", "v2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--table-version needs --table.");
    }

    @Test
    void theServicesOwnChecksApply() {
        assertThatThrownBy(() -> ServiceJobMain.parse("--parallelism", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--parallelism must be at least 1.");
    }
}
