package dev.scone.flink.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServiceConfigTest {

    @Test
    void decoderThreadsDefaultToTheCoresSharedOutOverTheDecodersOfOneProcess() {
        ServiceConfig config = parse();
        int cores = Runtime.getRuntime().availableProcessors();

        assertThat(config.decoderThreads).isZero();
        assertThat(config.cpuThreadsPerDecoder(1)).isEqualTo(cores);
        assertThat(config.cpuThreadsPerDecoder(cores)).isEqualTo(1);
        // More decoders than cores still leaves each one thread.
        assertThat(config.cpuThreadsPerDecoder(4 * cores)).isEqualTo(1);
    }

    @Test
    void anExplicitThreadCountWinsOverTheShare() {
        ServiceConfig config = parse("--decoder-threads", "3");

        assertThat(config.cpuThreadsPerDecoder(1)).isEqualTo(3);
        assertThat(config.cpuThreadsPerDecoder(64)).isEqualTo(3);
    }

    @Test
    void aNegativeThreadCountIsRefusedWithTheOptionNamed() {
        ServiceConfig config = parse("--decoder-threads", "-1");

        assertThatThrownBy(config::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--decoder-threads");
    }

    private static ServiceConfig parse(String... args) {
        ServiceConfig config = new ServiceConfig();
        new CommandLine(config).parseArgs(args);
        return config;
    }
}
