package dev.scone.model.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The charts written beside a run (loss curves, the learning-rate range test, evaluation reports):
 * drawn without a display, since a server has none, and saved as PNG files.
 */
public final class PngCharts {

    private PngCharts() {}

    /** Lets charts be drawn without a display, unless the user chose otherwise. */
    public static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** An empty line chart of the size every curve of a run has, its axes titled. */
    public static XYChart lineChart(String title, String xAxisTitle, String yAxisTitle) {
        headless();
        return new XYChartBuilder()
                .width(900)
                .height(520)
                .title(title)
                .xAxisTitle(xAxisTitle)
                .yAxisTitle(yAxisTitle)
                .build();
    }

    /** Writes {@code chart} to {@code png}, creating its directory. */
    public static void write(Chart<?, ?> chart, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
