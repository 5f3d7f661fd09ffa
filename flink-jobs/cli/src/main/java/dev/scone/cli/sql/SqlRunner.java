package dev.scone.cli.sql;

import dev.scone.cli.UserException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs statements one after another on a table environment. A statement that returns rows (SELECT,
 * SHOW, DESCRIBE, EXPLAIN) has them printed; one that starts a job (INSERT) is waited for, so the
 * next statement sees what it wrote; the rest (CREATE, SET, ...) print nothing.
 */
public final class SqlRunner {

    private final TableEnvironment tables;
    private final RowPrinter.Format format;
    private final PrintWriter out;

    public SqlRunner(TableEnvironment tables, RowPrinter.Format format, PrintWriter out) {
        this.tables = tables;
        this.format = format;
        this.out = out;
    }

    /**
     * Runs every statement of {@code script}.
     *
     * @throws UserException naming the statement's line and what went wrong
     */
    public void run(String script) {
        List<SqlScript.Statement> statements;
        try {
            statements = SqlScript.split(script);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        if (statements.isEmpty()) {
            throw new UserException("The file holds no SQL statement.");
        }
        for (SqlScript.Statement statement : statements) {
            try {
                execute(statement.text());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserException("Interrupted at the statement on line " + statement.line());
            } catch (Exception e) {
                throw new UserException(
                        "The statement on line " + statement.line() + " failed: " + describe(e), e);
            }
        }
    }

    private void execute(String statement) throws Exception {
        TableResult result = tables.executeSql(statement);
        if (startsJob(statement)) {
            // An INSERT also returns one row (the affected-row count, unknown in streaming);
            // reading it would cancel the job once done, so the job is only awaited.
            result.await();
        } else if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
            RowPrinter printer =
                    RowPrinter.of(format, out, result.getResolvedSchema().getColumnNames());
            try (CloseableIterator<Row> rows = result.collect()) {
                while (rows.hasNext()) {
                    printer.print(rows.next());
                }
            }
            printer.finish();
        }
    }

    /** Whether a statement writes into tables (INSERT, EXECUTE ...) rather than returning rows. */
    static boolean startsJob(String statement) {
        String first = statement.strip().split("[\\s(]+", 2)[0].toUpperCase(Locale.ROOT);
        return first.equals("INSERT") || first.equals("EXECUTE");
    }

    /**
     * What went wrong, in the words of the first and the last exception of the chain: Flink wraps
     * the sentence that says why (the provider's, the parser's) in its own ("Unable to create a
     * model provider ..."), and both help.
     */
    static String describe(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = firstLine(thrown);
        String inner = firstLine(root);
        if (outer == null) {
            return inner == null ? thrown.getClass().getSimpleName() : inner;
        }
        return inner == null || outer.contains(inner) ? outer : outer + " " + inner;
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return null;
        }
        return message.strip().lines().findFirst().orElse(null);
    }
}
