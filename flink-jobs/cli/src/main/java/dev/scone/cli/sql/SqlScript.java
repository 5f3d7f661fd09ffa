package dev.scone.cli.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file of SQL statements at the semicolons that end them. Semicolons inside string
 * literals ('...'), quoted identifiers ("..." and `...`) and comments (-- and /* *&#47;) do not end
 * a statement; comments are dropped, and a statement of nothing but comments is no statement.
 */
public final class SqlScript {

    /**
     * One statement and where it starts.
     *
     * @param text the statement without its semicolon and comments, trimmed
     * @param line the 1-based line of the file it starts on
     */
    public record Statement(String text, int line) {}

    private SqlScript() {}

    /**
     * The statements of {@code script}, in order.
     *
     * @throws IllegalArgumentException when a literal, identifier or comment is never closed
     */
    public static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                while (i < n && script.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int close = script.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException(
                            "The comment opened on line " + line + " is never closed.");
                }
                line += count(script, i, close + 2, '\n');
                current.append(' ');
                i = close + 2;
                continue;
            }
            if (c == ';') {
                add(statements, current, startLine);
                current.setLength(0);
                startLine = -1;
                i++;
                continue;
            }
            if (!Character.isWhitespace(c) && startLine < 0) {
                startLine = line;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(script, i, c);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "The " + describe(c) + " opened on line " + line + " is never closed.");
                }
                current.append(script, i, end + 1);
                line += count(script, i, end + 1, '\n');
                i = end + 1;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            current.append(c);
            i++;
        }
        add(statements, current, startLine);
        return statements;
    }

    /** Index of the quote closing the one at {@code open}; a doubled quote is an escaped one. */
    private static int closingQuote(String script, int open, char quote) {
        int i = open + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    private static void add(List<Statement> statements, StringBuilder text, int line) {
        String statement = text.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(new Statement(statement, line));
        }
    }

    private static int count(String text, int from, int to, char c) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }

    private static String describe(char quote) {
        return quote == '\'' ? "string literal" : "quoted identifier";
    }
}
