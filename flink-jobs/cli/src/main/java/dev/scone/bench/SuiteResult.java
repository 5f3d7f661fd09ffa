package dev.scone.bench;

import java.util.List;
import java.util.Objects;

/**
 * What one benchmark suite measured, ready to print or to write into the docs.
 *
 * @param title the section heading
 * @param summary one paragraph: what was measured, on what data
 * @param table the measured numbers
 * @param findings each a sentence comparing a number with its target or its baseline
 * @param notes details a reader needs to interpret the numbers
 */
public record SuiteResult(
        String title,
        String summary,
        ResultTable table,
        List<String> findings,
        List<String> notes) {

    public SuiteResult {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(table, "table");
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** "met" or "NOT met", for findings that compare a number with its target. */
    public static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }
}
