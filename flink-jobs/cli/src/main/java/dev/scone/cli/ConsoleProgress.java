package dev.scone.cli;

import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows progress the way the output allows: an animated bar with rate and ETA when standard error
 * is a terminal, and one plain line every few seconds when it is a file or pipe (CI logs, {@code |
 * tee}), where a bar would be noise.
 */
public final class ConsoleProgress implements ProgressReporter {

    private static final long PLAIN_LINE_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final boolean enabled;
    private final boolean terminal;
    private final PrintStream out;

    private ConsoleProgress(boolean enabled, boolean terminal, PrintStream out) {
        this.enabled = enabled;
        this.terminal = terminal;
        this.out = out;
    }

    /** Progress on standard error; a bar when a terminal is attached. */
    public static ConsoleProgress forStandardError() {
        return new ConsoleProgress(true, System.console() != null, System.err);
    }

    /** Plain periodic lines on the given stream, whatever it is. */
    public static ConsoleProgress plainLines(PrintStream out) {
        return new ConsoleProgress(true, false, out);
    }

    /** No progress output at all. */
    public static ConsoleProgress disabled() {
        return new ConsoleProgress(false, false, System.err);
    }

    @Override
    public Progress start(String task, long total, String unit) {
        if (!enabled) {
            return Progress.silent();
        }
        return terminal ? new BarProgress(task, total, unit) : new LineProgress(task, total, unit);
    }

    private static final class BarProgress implements Progress {
        private final ProgressBar bar;

        BarProgress(String task, long total, String unit) {
            this.bar =
                    new ProgressBarBuilder()
                            .setTaskName(task)
                            .setInitialMax(total)
                            .setUnit(" " + unit, 1)
                            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                            .setConsumer(new ConsoleProgressBarConsumer(System.err))
                            .showSpeed()
                            .setUpdateIntervalMillis(250)
                            .build();
        }

        @Override
        public void step(long amount) {
            bar.stepBy(amount);
        }

        @Override
        public void status(String status) {
            bar.setExtraMessage(" " + status);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private final class LineProgress implements Progress {
        private final String task;
        private final long total;
        private final String unit;
        private final long startNanos = System.nanoTime();
        private long lastLineNanos = startNanos;
        private long done;
        private String status = "";

        LineProgress(String task, long total, String unit) {
            this.task = task;
            this.total = total;
            this.unit = unit;
            out.println(task + " ...");
        }

        @Override
        public synchronized void step(long amount) {
            done += amount;
            long now = System.nanoTime();
            if (now - lastLineNanos >= PLAIN_LINE_INTERVAL_NANOS) {
                lastLineNanos = now;
                out.println(line(now));
            }
        }

        @Override
        public synchronized void status(String status) {
            this.status = status;
        }

        @Override
        public synchronized void close() {
            out.println(line(System.nanoTime()) + " done");
        }

        private String line(long now) {
            double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
            StringBuilder line = new StringBuilder(task).append(": ").append(done);
            if (total > 0) {
                line.append('/')
                        .append(total)
                        .append(String.format(" (%.0f%%)", 100.0 * done / total));
            }
            line.append(' ')
                    .append(unit)
                    .append(String.format(", %.0f %s/s, %.0fs", done / seconds, unit, seconds));
            if (!status.isEmpty()) {
                line.append(", ").append(status);
            }
            return line.toString();
        }
    }
}
