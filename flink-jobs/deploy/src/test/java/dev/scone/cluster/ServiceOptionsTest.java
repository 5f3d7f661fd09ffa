package dev.scone.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.flink.service.settings.DecoderSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServiceOptionsTest {

    @Test
    void decoderThreadsDefaultToTheCoresSharedOutOverTheDecodersOfOneProcess() {
        ServiceOptions config = parse();
        DecoderSettings decoder = config.settings().decoder();
        int cores = Runtime.getRuntime().availableProcessors();

        assertThat(config.decoderThreads).isZero();
        assertThat(decoder.cpuThreadsPerDecoder(1)).isEqualTo(cores);
        assertThat(decoder.cpuThreadsPerDecoder(cores)).isEqualTo(1);
        // More decoders than cores still leaves each one thread.
        assertThat(decoder.cpuThreadsPerDecoder(4 * cores)).isEqualTo(1);
    }

    @Test
    void anExplicitThreadCountWinsOverTheShare() {
        DecoderSettings decoder = parse("--decoder-threads", "3").settings().decoder();

        assertThat(decoder.cpuThreadsPerDecoder(1)).isEqualTo(3);
        assertThat(decoder.cpuThreadsPerDecoder(64)).isEqualTo(3);
    }

    @Test
    void aNegativeThreadCountIsRefusedWithTheOptionNamed() {
        ServiceOptions config = parse("--decoder-threads", "-1");

        assertThatThrownBy(config::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--decoder-threads");
    }

    @Test
    void theHardLimitOnInputBytesDefaultsToOneMebibyteAndReachesTheIngestSettings() {
        assertThat(parse().settings().ingest().maxTextBytes()).isEqualTo(1_048_576);
        assertThat(parse("--max-text-bytes", "4096").settings().ingest().maxTextBytes())
                .isEqualTo(4096);
        ServiceOptions zero = parse("--max-text-bytes", "0");
        assertThatThrownBy(zero::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-text-bytes");
    }

    private static ServiceOptions parse(String... args) {
        ServiceOptions config = new ServiceOptions();
        new CommandLine(config).parseArgs(args);
        return config;
    }
}
