package dev.scone.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Rows of measured numbers under named columns, printed aligned for a terminal or as a Markdown
 * table for the docs. The first column is text and aligns left; the others hold numbers and align
 * right.
 */
public final class ResultTable {

    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headings. */
    public ResultTable(String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("A result table needs at least one column.");
        }
        this.columns = List.of(columns);
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException when the row has not one cell per column
     */
    public ResultTable row(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(
                    "A row of this table has "
                            + columns.size()
                            + " cells, not "
                            + cells.length
                            + ": "
                            + Arrays.toString(cells)
                            + ".");
        }
        for (String cell : cells) {
            Objects.requireNonNull(cell, "cell");
        }
        rows.add(List.of(cells));
        return this;
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /** The table with columns padded to their widest cell, two spaces apart. */
    public String toText() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendAligned(text, columns, widths);
        int ruleLength = Arrays.stream(widths).sum() + 2 * (widths.length - 1);
        text.append("-".repeat(ruleLength)).append('\n');
        for (List<String> row : rows) {
            appendAligned(text, row, widths);
        }
        return text.toString();
    }

    /** The table in Markdown, numbers right-aligned. */
    public String toMarkdown() {
        StringBuilder markdown = new StringBuilder();
        appendMarkdownRow(markdown, columns);
        markdown.append("|---");
        markdown.append("|--:".repeat(columns.size() - 1));
        markdown.append("|\n");
        for (List<String> row : rows) {
            appendMarkdownRow(markdown, row);
        }
        return markdown.toString();
    }

    private static void appendAligned(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? cell + padding : padding + cell);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static void appendMarkdownRow(StringBuilder markdown, List<String> cells) {
        for (String cell : cells) {
            markdown.append("| ").append(cell.replace("|", "\\|")).append(' ');
        }
        markdown.append("|\n");
    }
}
