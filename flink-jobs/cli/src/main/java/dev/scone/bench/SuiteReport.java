package dev.scone.bench;

import java.util.Objects;

/**
 * A suite's result with the conditions it was measured under: when, on what machine, how loaded the
 * machine was, and the command that reproduces it.
 *
 * @param name the suite's name, which also names its section of the docs
 * @param result what the suite measured
 * @param measuredAt date and time of the run, UTC
 * @param machine the machine
 * @param loadBefore load averages (1, 5, 15 min) when the suite started
 * @param loadAfter load averages when it finished
 * @param method how it was measured (JMH settings, number of runs)
 * @param command the command line that runs this suite again
 */
public record SuiteReport(
        String name,
        SuiteResult result,
        String measuredAt,
        MachineInfo machine,
        String loadBefore,
        String loadAfter,
        String method,
        String command) {

    public SuiteReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(result, "result");
    }

    /** The report for a terminal. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(result.title()).append('\n');
        text.append("=".repeat(result.title().length())).append("\n\n");
        text.append(result.table().toText()).append('\n');
        for (String finding : result.findings()) {
            text.append("* ").append(finding).append('\n');
        }
        for (String note : result.notes()) {
            text.append("  ").append(note).append('\n');
        }
        text.append('\n').append(conditions()).append('\n');
        return text.toString();
    }

    /** The report as a Markdown section, heading included. */
    public String toMarkdown() {
        StringBuilder markdown = new StringBuilder();
        markdown.append("## ").append(result.title()).append("\n\n");
        markdown.append(result.summary()).append("\n\n");
        markdown.append(result.table().toMarkdown()).append('\n');
        for (String finding : result.findings()) {
            markdown.append("- ").append(finding).append('\n');
        }
        if (!result.findings().isEmpty()) {
            markdown.append('\n');
        }
        for (String note : result.notes()) {
            markdown.append(note).append("\n\n");
        }
        markdown.append("Measured ")
                .append(measuredAt)
                .append(" on ")
                .append(machine.describe())
                .append("; load average ")
                .append(loadBefore)
                .append(" before, ")
                .append(loadAfter)
                .append(" after. ")
                .append(method)
                .append(". Reproduce: `")
                .append(command)
                .append("`.\n");
        return markdown.toString();
    }

    private String conditions() {
        return "Measured "
                + measuredAt
                + " on "
                + machine.describe()
                + "\nLoad average "
                + loadBefore
                + " before, "
                + loadAfter
                + " after; "
                + method
                + "\nReproduce: "
                + command;
    }
}
