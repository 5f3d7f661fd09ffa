package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WarmupCosineScheduleTest {

    private final WarmupCosineSchedule schedule = new WarmupCosineSchedule(1e-3f, 1e-4f, 10, 110);

    @Test
    void warmsUpLinearlyToThePeak() {
        assertThat(schedule.getNewValue(5)).isCloseTo(schedule.getNewValue(10) / 2, within(1e-9f));
        assertThat(schedule.getNewValue(10)).isEqualTo(1e-3f);
    }

    @Test
    void decaysAlongACosineToTheFinalRate() {
        float midway = schedule.getNewValue(60);
        assertThat(midway).isCloseTo((1e-3f + 1e-4f) / 2, within(1e-7f));
        float previous = schedule.getNewValue(10);
        for (int step = 11; step <= 110; step++) {
            float rate = schedule.getNewValue(step);
            assertThat(rate).isLessThanOrEqualTo(previous);
            previous = rate;
        }
        assertThat(schedule.getNewValue(110)).isEqualTo(1e-4f);
        assertThat(schedule.getNewValue(500)).isEqualTo(1e-4f);
    }
}
