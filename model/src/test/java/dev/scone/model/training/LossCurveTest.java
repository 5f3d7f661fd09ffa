package dev.scone.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurveTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    private static LossCurve.Point point(int step) {
        return new LossCurve.Point(step, step * 100L, 5f - step * 0.1f, 1e-3f, 250.0);
    }

    @Test
    void rowsAreWrittenAsStepsFinish(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("loss-curve.csv");
        try (LossCurve curve = LossCurve.create(csv)) {
            curve.add(point(1));
            curve.add(point(2));
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isEqualTo("step,tokens,loss,lr,tokens_per_s");
            assertThat(lines.get(2)).startsWith("2,200,4.8");
        }
    }

    @Test
    void aResumeDropsTheStepsAfterItsCheckpoint(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("loss-curve.csv");
        try (LossCurve curve = LossCurve.create(csv)) {
            for (int step = 1; step <= 5; step++) {
                curve.add(point(step));
            }
        }
        try (LossCurve curve = LossCurve.resume(csv, 3)) {
            assertThat(curve.points()).extracting(LossCurve.Point::step).containsExactly(1, 2, 3);
            assertThat(curve.tokens()).isEqualTo(300);
            curve.add(point(4));
        }
        assertThat(Files.readAllLines(csv)).hasSize(5);
    }

    @Test
    void theChartIsAPng(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("loss-curve.png");
        try (LossCurve curve = LossCurve.create(dir.resolve("loss-curve.csv"))) {
            for (int step = 1; step <= 20; step++) {
                curve.add(point(step));
            }
            curve.writeChart(png, "test run");
        }
        byte[] head = new byte[4];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 4);
        assertThat(head).isEqualTo(PNG_SIGNATURE);
    }

    @Test
    void aFileThatIsNotALossCurveIsRefused(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("other.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        assertThatThrownBy(() -> LossCurve.resume(csv, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a loss curve");
    }
}
