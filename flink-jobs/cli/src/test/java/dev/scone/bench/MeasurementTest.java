package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void ratioCombinesRelativeErrorsInQuadrature() {
        Measurement ratio = new Measurement(30, 3).ratioTo(new Measurement(20, 1.5));

        assertThat(ratio.mean()).isCloseTo(1.5, within(1e-12));
        // 10% and 7.5% relative errors combine to 12.5%.
        assertThat(ratio.error()).isCloseTo(1.5 * 0.125, within(1e-12));
    }

    @Test
    void formatsMeanAndError() {
        assertThat(new Measurement(12.345, 0.678).format(2)).isEqualTo("12.35 ± 0.68");
        assertThat(new Measurement(12.345, Double.NaN).format(1)).isEqualTo("12.3");
    }
}
