package dev.scone.model.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The validation curve of a run, {@code validation-curve.csv} in the model directory: one row per
 * measurement ({@code step,tokens,validation_loss,perplexity}), appended and flushed as it is made.
 * Like {@link LossCurve}, a resumed run drops the rows after its checkpoint.
 */
public final class ValidationCurve implements AutoCloseable {

    /** The CSV header line. */
    public static final String HEADER = "step,tokens,validation_loss,perplexity";

    /**
     * One measurement.
     *
     * @param step the steps taken when it was measured
     * @param tokens predictions trained on by then
     * @param loss mean cross-entropy over the validation windows, nats per prediction
     */
    public record Point(int step, long tokens, float loss) {

        /** exp(loss), the validation perplexity per token. */
        public double perplexity() {
            return Math.exp(loss);
        }

        String toCsv() {
            return String.format(Locale.ROOT, "%d,%d,%.6f,%.3f", step, tokens, loss, perplexity());
        }

        static Point fromCsv(String[] fields) {
            return new Point(
                    Integer.parseInt(fields[0]),
                    Long.parseLong(fields[1]),
                    Float.parseFloat(fields[2]));
        }
    }

    private final CurveFile<Point> file;

    private ValidationCurve(CurveFile<Point> file) {
        this.file = file;
    }

    /**
     * Continues the curve in {@code csv} after step {@code lastStep} (0 for a new run): rows up to
     * that step are kept, later ones dropped; a missing file starts an empty curve.
     *
     * @throws IllegalArgumentException if the file is not a validation curve
     */
    public static ValidationCurve resume(Path csv, int lastStep) throws IOException {
        List<Point> kept =
                lastStep > 0
                        ? CurveFile.rowsUpTo(
                                csv,
                                lastStep,
                                HEADER,
                                "a validation curve",
                                Point::fromCsv,
                                Point::step)
                        : List.of();
        return new ValidationCurve(CurveFile.open(csv, HEADER, kept, Point::toCsv));
    }

    /** Appends a measurement and flushes it to the file. */
    public void add(Point point) throws IOException {
        file.add(point);
    }

    /** The measurements so far, oldest first. */
    public List<Point> points() {
        return file.points();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
