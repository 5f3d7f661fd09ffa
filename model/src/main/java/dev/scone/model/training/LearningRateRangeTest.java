package dev.scone.model.training;

import dev.scone.model.files.PngCharts;
import dev.scone.model.nn.SconeTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning-rate range test: a fresh model trained for a few hundred steps while the learning
 * rate grows geometrically from a tiny to a large value, one rate per step, recording the loss. The
 * loss first barely moves, then falls fastest, then turns and diverges; a good peak rate lies below
 * the turn. The test reports the rate at the lowest smoothed loss and the rate where the smoothed
 * loss fell fastest per factor of rate, and suggests a tenth of the first (the usual rule, since
 * the schedule then holds the peak for many steps, not one). Each model size needs its own test: a
 * wider or deeper decoder tolerates a different rate.
 *
 * @param points one per step taken, in order
 * @param minimumLossRate the rate of the lowest smoothed loss
 * @param steepestRate the rate where the smoothed loss fell fastest against log(rate)
 * @param suggestedRate a tenth of {@code minimumLossRate}
 * @param diverged whether the test stopped because the loss blew up
 * @param meanStepTimes where a step's time went, the mean over the steps
 * @param tokensPerSecond training throughput over the steps
 */
public record LearningRateRangeTest(
        List<Point> points,
        float minimumLossRate,
        float steepestRate,
        float suggestedRate,
        boolean diverged,
        SconeTrainer.StepTimes meanStepTimes,
        double tokensPerSecond) {

    public static final String CSV = "lr-range.csv";
    public static final String PNG = "lr-range.png";
    static final String HEADER = "step,lr,loss,smoothed_loss";

    /** Smoothing of the loss: an exponential moving average with this decay, bias-corrected. */
    static final double SMOOTHING = 0.9;

    /** The test stops once the smoothed loss exceeds the best by this factor. */
    static final double DIVERGENCE = 1.5;

    /**
     * One step of the test.
     *
     * @param step 1-based
     * @param learningRate the rate of the step
     * @param loss the batch loss before the update
     * @param smoothedLoss the moving average of the losses up to this step
     */
    public record Point(int step, float learningRate, float loss, double smoothedLoss) {}

    /** The rate of step {@code step} (1-based) of {@code steps} going from min to max. */
    static float rate(float min, float max, int step, int steps) {
        if (steps == 1) {
            return min;
        }
        double fraction = (double) (step - 1) / (steps - 1);
        return (float) (min * Math.pow(max / (double) min, fraction));
    }

    /** Analyses the recorded steps. */
    static LearningRateRangeTest of(
            List<Point> points,
            boolean diverged,
            SconeTrainer.StepTimes meanStepTimes,
            double tokensPerSecond) {
        if (points.isEmpty()) {
            throw new IllegalStateException("The range test took no step.");
        }
        Point lowest = points.get(0);
        for (Point point : points) {
            if (point.smoothedLoss() < lowest.smoothedLoss()) {
                lowest = point;
            }
        }
        Point steepest = points.get(0);
        double steepestSlope = 0;
        // The slope over a few steps, so batch noise does not pick a single lucky step.
        int span = Math.max(1, points.size() / 20);
        for (int i = span; i < points.size() && points.get(i).step() <= lowest.step(); i++) {
            Point from = points.get(i - span);
            Point to = points.get(i);
            double slope =
                    (to.smoothedLoss() - from.smoothedLoss())
                            / Math.log(to.learningRate() / (double) from.learningRate());
            if (slope < steepestSlope) {
                steepestSlope = slope;
                steepest = to;
            }
        }
        return new LearningRateRangeTest(
                List.copyOf(points),
                lowest.learningRate(),
                steepest.learningRate(),
                lowest.learningRate() / 10,
                diverged,
                meanStepTimes,
                tokensPerSecond);
    }

    /** Writes {@link #CSV} and {@link #PNG} into {@code dir}. */
    public void write(Path dir, String title) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Point point : points) {
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.6e,%.6f,%.6f%n",
                            point.step(),
                            point.learningRate(),
                            point.loss(),
                            point.smoothedLoss()));
        }
        Files.writeString(dir.resolve(CSV), csv, StandardCharsets.UTF_8);
        XYChart chart =
                PngCharts.lineChart(
                        title, "learning rate (log scale)", "training loss (nats per token)");
        chart.getStyler().setXAxisLogarithmic(true);
        List<Number> rates = new ArrayList<>();
        List<Number> losses = new ArrayList<>();
        List<Number> smoothed = new ArrayList<>();
        for (Point point : points) {
            rates.add(point.learningRate());
            losses.add(point.loss());
            smoothed.add(point.smoothedLoss());
        }
        chart.addSeries("loss", rates, losses).setMarker(SeriesMarkers.NONE);
        chart.addSeries("moving average", rates, smoothed).setMarker(SeriesMarkers.NONE);
        PngCharts.write(chart, dir.resolve(PNG));
    }
}
