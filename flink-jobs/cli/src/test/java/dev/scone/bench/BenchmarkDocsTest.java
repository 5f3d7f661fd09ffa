package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkDocsTest {

    private static final String DOCUMENT =
            "# Benchmarks\n\nHow to run them.\n\n"
                    + "<!-- bench:match begin -->\n## Match\n\nold numbers\n"
                    + "<!-- bench:match end -->\n"
                    + "\n## Streaming pipeline\n\nTo be measured.\n";

    @Test
    void replacesOnlyTheNamedSection() {
        String updated = BenchmarkDocs.withSection(DOCUMENT, "match", "## Match\n\nnew numbers\n");

        assertThat(updated)
                .isEqualTo(
                        "# Benchmarks\n\nHow to run them.\n\n"
                                + "<!-- bench:match begin -->\n## Match\n\nnew numbers\n"
                                + "<!-- bench:match end -->\n"
                                + "\n## Streaming pipeline\n\nTo be measured.\n");
    }

    @Test
    void refreshingTwiceGivesTheSameDocument() {
        String once = BenchmarkDocs.withSection(DOCUMENT, "match", "## Match\n\nnew");
        assertThat(BenchmarkDocs.withSection(once, "match", "## Match\n\nnew")).isEqualTo(once);
    }

    @Test
    void appendsASectionThatIsNotThereYet() {
        String updated = BenchmarkDocs.withSection(DOCUMENT, "table", "## Table\n");

        assertThat(updated)
                .startsWith(DOCUMENT)
                .endsWith(
                        "To be measured.\n\n<!-- bench:table begin -->\n## Table\n"
                                + "<!-- bench:table end -->\n");
    }

    @Test
    void refusesBrokenMarkers() {
        String withoutEnd = "# Benchmarks\n" + BenchmarkDocs.beginMarker("vocab") + "\nx\n";
        assertThatThrownBy(() -> BenchmarkDocs.withSection(withoutEnd, "vocab", "y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken 'vocab' section");

        String reversed =
                BenchmarkDocs.endMarker("vocab") + "\n" + BenchmarkDocs.beginMarker("vocab") + "\n";
        assertThatThrownBy(() -> BenchmarkDocs.withSection(reversed, "vocab", "y"))
                .isInstanceOf(IllegalArgumentException.class);

        String twice = DOCUMENT + DOCUMENT;
        assertThatThrownBy(() -> BenchmarkDocs.withSection(twice, "match", "y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeCreatesTheFileAndThenKeepsItsOtherText(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("docs").resolve("benchmarks.md");

        BenchmarkDocs.write(file, "tokenizer", "## Tokenizer\n\nfirst\n");
        Files.writeString(file, Files.readString(file) + "\nWritten by hand.\n");
        BenchmarkDocs.write(file, "tokenizer", "## Tokenizer\n\nsecond\n");

        assertThat(Files.readString(file))
                .isEqualTo(
                        "# Benchmarks\n\n<!-- bench:tokenizer begin -->\n## Tokenizer\n\nsecond\n"
                                + "<!-- bench:tokenizer end -->\n\nWritten by hand.\n");
        assertThat(directory.resolve("docs")).isDirectoryNotContaining("glob:**.tmp");
    }
}
