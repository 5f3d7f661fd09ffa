package dev.scone.bench.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseGateTest {

    @Test
    void holdsTheRecordAtEachBoundaryUntilItsGateOpens(@TempDir Path directory) throws Exception {
        PhaseGate gate = new PhaseGate(directory, new long[] {0, 3}, Duration.ofMinutes(1));
        RateLimiter<NumberSequenceSplit> limiter = gate.createRateLimiter(1);

        CompletableFuture<Void> first = limiter.acquire().toCompletableFuture();
        assertThat(first).isNotDone();
        gate.open(0);
        first.get(10, TimeUnit.SECONDS);

        assertThat(limiter.acquire().toCompletableFuture()).isDone();
        assertThat(limiter.acquire().toCompletableFuture()).isDone();
        CompletableFuture<Void> fourth = limiter.acquire().toCompletableFuture();
        assertThat(fourth).isNotDone();
        gate.open(1);
        fourth.get(10, TimeUnit.SECONDS);
        assertThat(limiter.acquire().toCompletableFuture()).isDone();
    }

    @Test
    void aGateOpenedEarlyLetsRecordsThroughAtOnce(@TempDir Path directory) throws Exception {
        PhaseGate gate = new PhaseGate(directory, new long[] {0}, Duration.ofMinutes(1));
        gate.open(0);
        gate.open(0);
        assertThat(gate.isOpen(0)).isTrue();
        assertThat(gate.createRateLimiter(1).acquire().toCompletableFuture()).isDone();
    }

    @Test
    void failsAfterItsTimeLimitWhenNobodyOpensTheGate(@TempDir Path directory) {
        PhaseGate gate = new PhaseGate(directory, new long[] {0}, Duration.ofMillis(50));
        CompletableFuture<Void> waiting = gate.createRateLimiter(1).acquire().toCompletableFuture();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause()
                .hasMessageContaining("was not opened");
    }

    @Test
    void refusesToCountRecordsOfSeveralSubtasks(@TempDir Path directory) {
        PhaseGate gate = new PhaseGate(directory, new long[] {0}, Duration.ofMinutes(1));
        assertThatThrownBy(() -> gate.createRateLimiter(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parallelism 1");
    }
}
