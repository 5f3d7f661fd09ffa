package dev.scone.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.bench.BenchContext;
import dev.scone.bench.BenchmarkSuites;
import dev.scone.bench.StateSuite;
import dev.scone.bench.SuiteReport;
import dev.scone.model.progress.ProgressReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scone bench state --quick} end to end: the match operator runs on the heap and on RocksDB
 * with both block-cache sizes, and the report holds a positive rate for each backend and phase and
 * the RocksDB rates relative to the heap's.
 */
class StateSuiteITCase {

    private static final List<String> BACKENDS =
            List.of("in-memory", "rocksdb-full-cache", "rocksdb-small-cache");

    @Test
    void quickRunReportsThreePositiveRatesPerPhaseAndTheirRatios(@TempDir Path home)
            throws Exception {
        BenchContext context = new BenchContext(home, true, ProgressReporter.silent(), System.out);

        SuiteReport report = BenchmarkSuites.run(new StateSuite(), context);

        String markdown = report.toMarkdown();
        for (String phase : List.of("uniform", "zipf")) {
            for (String backend : BACKENDS) {
                List<String> cells = row(markdown, backend, phase);
                assertThat(number(cells.get(2))).as("%s %s lookups/s", backend, phase).isPositive();
                assertThat(number(cells.get(3)))
                        .as("%s %s lookups per CPU-s", backend, phase)
                        .isPositive();
                double cpuRatio = number(cells.get(5));
                if (backend.equals("in-memory")) {
                    assertThat(cpuRatio).isEqualTo(1.0);
                } else {
                    assertThat(cpuRatio).as("%s %s ratio", backend, phase).isPositive();
                }
            }
        }
        assertThat(report.result().findings())
                .filteredOn(finding -> finding.contains("the in-memory rate per CPU second"))
                .hasSize(4);
        assertThat(markdown).contains("bytes of SST files");
        assertThat(Files.exists(home.resolve("var/bench/state"))).isFalse();
    }

    /** The cells of the Markdown table row for {@code backend} and {@code phase}. */
    private static List<String> row(String markdown, String backend, String phase) {
        for (String line : markdown.split("\n")) {
            List<String> cells = new ArrayList<>();
            for (String cell : line.split("\\|")) {
                cells.add(cell.trim());
            }
            if (cells.size() > 3 && cells.get(1).equals(backend) && cells.get(2).equals(phase)) {
                return cells.subList(1, cells.size());
            }
        }
        throw new AssertionError("No row for " + backend + ", " + phase + " in:\n" + markdown);
    }

    /** The mean of a cell such as "123.4 ± 5.6" or "1". */
    private static double number(String cell) {
        String mean = Arrays.asList(cell.split("±")).get(0).trim().replace(",", "");
        return Double.parseDouble(mean.toLowerCase(Locale.ROOT));
    }
}
