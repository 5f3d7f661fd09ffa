package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResultTableTest {

    private final ResultTable table =
            new ResultTable("Store", "M lookups/s").row("in-memory", "2.5").row("rocksdb", "0.25");

    @Test
    void alignsTextLeftAndNumbersRight() {
        assertThat(table.toText())
                .isEqualTo(
                        "Store      M lookups/s\n"
                                + "----------------------\n"
                                + "in-memory          2.5\n"
                                + "rocksdb           0.25\n");
    }

    @Test
    void rendersMarkdownWithRightAlignedNumberColumns() {
        assertThat(table.toMarkdown())
                .isEqualTo(
                        "| Store | M lookups/s |\n"
                                + "|---|--:|\n"
                                + "| in-memory | 2.5 |\n"
                                + "| rocksdb | 0.25 |\n");
    }

    @Test
    void escapesPipesInMarkdownCells() {
        assertThat(new ResultTable("a|b").toMarkdown()).startsWith("| a\\|b |");
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> table.row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 cells, not 1");
    }
}
