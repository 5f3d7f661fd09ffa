package dev.scone.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtTheSemicolonsThatEndStatements() {
        List<SqlScript.Statement> statements =
                SqlScript.split(
                        "-- a file of statements; this is a comment\n"
                                + "CREATE TABLE t (a STRING) WITH ('k' = 'v;w');\n"
                                + "/* a block comment; still one */\n"
                                + "SELECT 'it''s; quoted', `odd;name`, \"x;y\"\n"
                                + "  FROM t;\n"
                                + "\n"
                                + "  ;  -- an empty statement is none\n"
                                + "SELECT 1");
        assertThat(statements)
                .extracting(SqlScript.Statement::text)
                .containsExactly(
                        "CREATE TABLE t (a STRING) WITH ('k' = 'v;w')",
                        "SELECT 'it''s; quoted', `odd;name`, \"x;y\"\n  FROM t",
                        "SELECT 1");
        assertThat(statements).extracting(SqlScript.Statement::line).containsExactly(2, 4, 8);
    }

    @Test
    void insertsAreAwaitedQueriesPrinted() {
        assertThat(SqlRunner.startsJob("INSERT INTO t SELECT 1")).isTrue();
        assertThat(SqlRunner.startsJob("  insert\nINTO t VALUES (1)")).isTrue();
        assertThat(SqlRunner.startsJob("EXECUTE INSERT INTO t SELECT 1")).isTrue();
        assertThat(SqlRunner.startsJob("SELECT * FROM inserts")).isFalse();
        assertThat(SqlRunner.startsJob("(SELECT 1)")).isFalse();
        assertThat(SqlRunner.startsJob("EXPLAIN INSERT INTO t SELECT 1")).isFalse();
    }

    @Test
    void refusesWhatIsNeverClosed() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 1;\nSELECT 'open"))
                .hasMessage("The string literal opened on line 2 is never closed.");
        assertThatThrownBy(() -> SqlScript.split("SELECT 1 /* open"))
                .hasMessage("The comment opened on line 1 is never closed.");
    }

    @Test
    void printsJsonLinesWithColumnNamesAsKeys() {
        List<String> lines =
                printed(
                        RowPrinter.Format.json,
                        List.of("id", "perplexity", "tokens", "note"),
                        Row.of("d1", 12.5, 7, null),
                        Row.of("d\"2", 1.0, 1, "x"));
        assertThat(lines)
                .containsExactly(
                        "{\"id\":\"d1\",\"perplexity\":12.5,\"tokens\":7,\"note\":null}",
                        "{\"id\":\"d\\\"2\",\"perplexity\":1.0,\"tokens\":1,\"note\":\"x\"}");
    }

    @Test
    void printsAnAlignedTable() {
        List<String> lines =
                printed(
                        RowPrinter.Format.table,
                        List.of("id", "perplexity"),
                        Row.of("a-long-id", 3.25),
                        Row.of("b", null));
        assertThat(lines)
                .containsExactly(
                        "id         perplexity",
                        "---------  ----------",
                        "a-long-id  3.25",
                        "b          NULL",
                        "2 rows");
    }

    /** What a printer of the given format writes for the rows, line by line. */
    private static List<String> printed(
            RowPrinter.Format format, List<String> columns, Row... rows) {
        StringWriter text = new StringWriter();
        RowPrinter printer = RowPrinter.of(format, new PrintWriter(text), columns);
        for (Row row : rows) {
            printer.print(row);
        }
        printer.finish();
        return text.toString().lines().toList();
    }
}
