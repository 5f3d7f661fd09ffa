package dev.scone.bench.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PhaseResultTest {

    @Test
    void ratesComeFromTheLookupsAndTimesBetweenStamps() {
        // Three segments of 100 lookups after the first: 1 ms, 2 ms and 1 ms of wall time.
        PhaseResult result =
                PhaseResult.fromStamps(
                        new long[] {1_000, 1_100, 1_200, 1_300},
                        new long[] {0, 1_000_000, 3_000_000, 4_000_000},
                        new long[] {10, 500_010, 1_000_010, 1_500_010},
                        new long[] {20, 0, 20, 20, 20, 21},
                        0.25);
        assertThat(result.timedLookups()).isEqualTo(300);
        assertThat(result.wallRate().mean()).isCloseTo((100e3 + 50e3 + 100e3) / 3, within(1e-6));
        assertThat(result.cpuRate().mean()).isCloseTo(200e3, within(1e-6));
        assertThat(result.cpuRate().error()).isCloseTo(0, within(1e-6));
        assertThat(result.fgramHitRate()).isCloseTo(81.0 / 101, within(1e-12));
        assertThat(result.blockCacheHitRate()).isEqualTo(0.25);
    }

    @Test
    void aPhaseWhoseStampsAreMissingDidNotFinish() {
        assertThatThrownBy(
                        () ->
                                PhaseResult.fromStamps(
                                        new long[] {0, 10, 20},
                                        new long[] {0, 5},
                                        new long[] {0, 5},
                                        new long[6],
                                        Double.NaN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not finish");
    }
}
