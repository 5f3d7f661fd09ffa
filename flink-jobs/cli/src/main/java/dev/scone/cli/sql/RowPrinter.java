package dev.scone.cli.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;

/** Prints the rows of a query: JSON lines as they arrive, or an aligned table at the end. */
public abstract class RowPrinter {

    /** The output formats of {@code scone sql}. */
    public enum Format {
        json,
        table
    }

    final PrintWriter out;
    final List<String> columns;

    RowPrinter(PrintWriter out, List<String> columns) {
        this.out = out;
        this.columns = columns;
    }

    /** A printer of rows with {@code columns} in {@code format}. */
    public static RowPrinter of(Format format, PrintWriter out, List<String> columns) {
        return format == Format.json ? new JsonLines(out, columns) : new AlignedTable(out, columns);
    }

    public abstract void print(Row row);

    /** Called after the last row. */
    public abstract void finish();

    /** One JSON object per row, column names as keys, flushed row by row. */
    static final class JsonLines extends RowPrinter {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        JsonLines(PrintWriter out, List<String> columns) {
            super(out, columns);
        }

        @Override
        public void print(Row row) {
            ObjectNode node = MAPPER.createObjectNode();
            for (int c = 0; c < columns.size(); c++) {
                Object value = row.getField(c);
                if (value == null) {
                    node.putNull(columns.get(c));
                } else if (value instanceof Number
                        || value instanceof Boolean
                        || value instanceof String
                        || value instanceof Map<?, ?>
                        || value instanceof List<?>
                        || value.getClass().isArray()) {
                    node.set(columns.get(c), MAPPER.valueToTree(value));
                } else {
                    node.put(columns.get(c), value.toString());
                }
            }
            out.println(node.toString());
            out.flush();
        }

        @Override
        public void finish() {
            out.flush();
        }
    }

    /** Every row held until the end, then printed under a header with aligned columns. */
    static final class AlignedTable extends RowPrinter {
        private final List<String[]> rows = new ArrayList<>();

        AlignedTable(PrintWriter out, List<String> columns) {
            super(out, columns);
        }

        @Override
        public void print(Row row) {
            String[] cells = new String[columns.size()];
            for (int c = 0; c < cells.length; c++) {
                Object value = row.getField(c);
                cells[c] = value == null ? "NULL" : value.toString();
            }
            rows.add(cells);
        }

        @Override
        public void finish() {
            int[] widths = new int[columns.size()];
            for (int c = 0; c < widths.length; c++) {
                widths[c] = columns.get(c).length();
            }
            for (String[] cells : rows) {
                for (int c = 0; c < widths.length; c++) {
                    widths[c] = Math.max(widths[c], cells[c].length());
                }
            }
            line(columns.toArray(new String[0]), widths);
            String[] rule = new String[widths.length];
            for (int c = 0; c < widths.length; c++) {
                rule[c] = "-".repeat(widths[c]);
            }
            line(rule, widths);
            for (String[] cells : rows) {
                line(cells, widths);
            }
            out.println(rows.size() + (rows.size() == 1 ? " row" : " rows"));
            out.flush();
        }

        private void line(String[] cells, int[] widths) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < cells.length; c++) {
                if (c > 0) {
                    text.append("  ");
                }
                text.append(cells[c]);
                if (c < cells.length - 1) {
                    text.append(" ".repeat(widths[c] - cells[c].length()));
                }
            }
            out.println(text);
        }
    }
}
