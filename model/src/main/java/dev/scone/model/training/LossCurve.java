package dev.scone.model.training;

import dev.scone.model.files.PngCharts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss curve of a run: one CSV row per step ({@code step,tokens,loss,lr,tokens_per_s}, tokens
 * counted from the start of the run), appended and flushed as steps finish so an interrupted run
 * keeps its curve, and a PNG chart of it. A resumed run drops the rows after its checkpoint, since
 * it takes those steps again.
 */
public final class LossCurve implements AutoCloseable {

    /** The CSV header line. */
    public static final String HEADER = "step,tokens,loss,lr,tokens_per_s";

    /**
     * One step of the curve.
     *
     * @param step the step's number, 1-based
     * @param tokens predictions trained on up to and including this step
     * @param loss the step's mean cross-entropy in nats
     * @param learningRate the learning rate the step used
     * @param tokensPerSecond the step's throughput
     */
    public record Point(
            int step, long tokens, float loss, float learningRate, double tokensPerSecond) {

        String toCsv() {
            return String.format(
                    Locale.ROOT,
                    "%d,%d,%.6f,%.6e,%.1f",
                    step,
                    tokens,
                    loss,
                    learningRate,
                    tokensPerSecond);
        }

        static Point fromCsv(String[] fields) {
            return new Point(
                    Integer.parseInt(fields[0]),
                    Long.parseLong(fields[1]),
                    Float.parseFloat(fields[2]),
                    Float.parseFloat(fields[3]),
                    Double.parseDouble(fields[4]));
        }
    }

    private final CurveFile<Point> file;

    private LossCurve(CurveFile<Point> file) {
        this.file = file;
    }

    /**
     * Starts a new curve in {@code csv}, replacing any file there.
     *
     * @throws IOException if the file cannot be written
     */
    public static LossCurve create(Path csv) throws IOException {
        return open(csv, List.of());
    }

    /**
     * Continues the curve in {@code csv} after step {@code lastStep}: rows up to that step are kept
     * and later ones dropped. A missing file starts an empty curve.
     *
     * @throws IllegalArgumentException if the file is not a loss curve
     * @throws IOException if the file cannot be read or written
     */
    public static LossCurve resume(Path csv, int lastStep) throws IOException {
        return open(
                csv,
                CurveFile.rowsUpTo(
                        csv, lastStep, HEADER, "a loss curve", Point::fromCsv, Point::step));
    }

    private static LossCurve open(Path csv, List<Point> kept) throws IOException {
        return new LossCurve(CurveFile.open(csv, HEADER, kept, Point::toCsv));
    }

    /** Appends a step and flushes it to the file. */
    public void add(Point point) throws IOException {
        file.add(point);
    }

    /** The steps so far, oldest first. */
    public List<Point> points() {
        return file.points();
    }

    /** Predictions trained on up to the last recorded step, 0 before the first. */
    public long tokens() {
        List<Point> points = file.points();
        return points.isEmpty() ? 0 : points.get(points.size() - 1).tokens();
    }

    /**
     * Draws the loss against the step, with an exponential moving average that makes the trend
     * readable through batch-to-batch noise, as a PNG.
     *
     * @throws IllegalStateException if no step was recorded
     * @throws IOException if the file cannot be written
     */
    public void writeChart(Path png, String title) throws IOException {
        writeChart(png, title, List.of());
    }

    /**
     * Draws the loss as {@link #writeChart(Path, String)} does, and the validation losses over it
     * as marked points.
     */
    public void writeChart(Path png, String title, List<ValidationCurve.Point> validation)
            throws IOException {
        List<Point> points = file.points();
        if (points.isEmpty()) {
            throw new IllegalStateException("A loss curve needs at least one step to draw.");
        }
        XYChart chart = PngCharts.lineChart(title, "step", "loss (nats per token)");
        List<Number> steps = new ArrayList<>(points.size());
        List<Number> losses = new ArrayList<>(points.size());
        List<Number> smoothed = new ArrayList<>(points.size());
        // Bias-corrected, as in Adam, so the average does not start out dragged towards zero.
        double decay = 0.9;
        double average = 0;
        double weight = 1;
        for (Point point : points) {
            steps.add(point.step());
            losses.add(point.loss());
            average = decay * average + (1 - decay) * point.loss();
            weight *= decay;
            smoothed.add(average / (1 - weight));
        }
        chart.addSeries("loss", steps, losses).setMarker(SeriesMarkers.NONE);
        chart.addSeries("moving average", steps, smoothed).setMarker(SeriesMarkers.NONE);
        if (!validation.isEmpty()) {
            List<Number> validationSteps = new ArrayList<>(validation.size());
            List<Number> validationLosses = new ArrayList<>(validation.size());
            for (ValidationCurve.Point point : validation) {
                validationSteps.add(point.step());
                validationLosses.add(point.loss());
            }
            chart.addSeries("validation", validationSteps, validationLosses)
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        PngCharts.write(chart, png);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
