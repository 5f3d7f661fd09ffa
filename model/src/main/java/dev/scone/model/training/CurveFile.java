package dev.scone.model.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A CSV curve beside a training run (the loss curve, the validation curve): a header, then one row
 * per point, appended and flushed as points are made so an interrupted run keeps its curve. A
 * resumed run keeps the rows up to its checkpoint and drops the later ones, since it makes those
 * points again.
 */
final class CurveFile<P> implements AutoCloseable {

    /** Makes a point of one row's fields, as many as the header has columns. */
    interface RowParser<P> {
        P parse(String[] fields) throws NumberFormatException;
    }

    private final List<P> points;
    private final BufferedWriter writer;
    private final Function<P, String> format;

    private CurveFile(List<P> points, BufferedWriter writer, Function<P, String> format) {
        this.points = points;
        this.writer = writer;
        this.format = format;
    }

    /**
     * The rows of {@code csv} whose step is at most {@code lastStep}; none when the file is absent.
     *
     * @param what how an error names the curve, e.g. "a loss curve"
     * @throws IllegalArgumentException if the file does not start with {@code header}
     */
    static <P> List<P> rowsUpTo(
            Path csv,
            int lastStep,
            String header,
            String what,
            RowParser<P> parser,
            ToIntFunction<P> step)
            throws IOException {
        List<P> kept = new ArrayList<>();
        if (!Files.exists(csv)) {
            return kept;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IllegalArgumentException(
                    csv + " is not " + what + ": its first line is not " + header + ".");
        }
        int columns = header.split(",").length;
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                P point = row(line, csv, header, columns, parser);
                if (step.applyAsInt(point) <= lastStep) {
                    kept.add(point);
                }
            }
        }
        return kept;
    }

    private static <P> P row(
            String line, Path csv, String header, int columns, RowParser<P> parser) {
        String[] fields = line.split(",");
        if (fields.length != columns) {
            throw new IllegalArgumentException(
                    csv + " has a row that is not " + header + ": '" + line + "'.");
        }
        try {
            return parser.parse(fields);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    csv + " has a row that is not " + header + ": '" + line + "'.", e);
        }
    }

    /** Writes {@code csv} anew: the header and {@code kept}, ready for more points. */
    static <P> CurveFile<P> open(Path csv, String header, List<P> kept, Function<P, String> format)
            throws IOException {
        Files.createDirectories(csv.toAbsolutePath().getParent());
        BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        writer.write(header);
        writer.newLine();
        for (P point : kept) {
            writer.write(format.apply(point));
            writer.newLine();
        }
        writer.flush();
        return new CurveFile<>(new ArrayList<>(kept), writer, format);
    }

    /** Appends a point and flushes it to the file. */
    void add(P point) throws IOException {
        points.add(point);
        writer.write(format.apply(point));
        writer.newLine();
        writer.flush();
    }

    /** The points so far, oldest first. */
    List<P> points() {
        return Collections.unmodifiableList(points);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
