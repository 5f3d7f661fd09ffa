package dev.scone.flink.sql;

import dev.scone.flink.sql.SconeModelOptions.Task;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * The columns a SCONE model can put in its OUTPUT schema, with their SQL types and the tasks that
 * produce them. A model declares any of its task's columns, in any order.
 */
enum OutputColumn {
    TOKENS(LogicalTypeRoot.INTEGER, "INT", Task.score, Task.generate),
    LOG_LIKELIHOOD(LogicalTypeRoot.DOUBLE, "DOUBLE", Task.score),
    PERPLEXITY(LogicalTypeRoot.DOUBLE, "DOUBLE", Task.score),
    MATCHED_POSITIONS(LogicalTypeRoot.INTEGER, "INT", Task.score, Task.generate),
    MEAN_MATCH_LENGTH(LogicalTypeRoot.DOUBLE, "DOUBLE", Task.score),
    GENERATED_TEXT(LogicalTypeRoot.VARCHAR, "STRING", Task.generate),
    GENERATED_TOKENS(LogicalTypeRoot.INTEGER, "INT", Task.generate),
    PROMPT_TOKENS_DROPPED(LogicalTypeRoot.INTEGER, "INT", Task.generate),
    MODEL_VERSION(LogicalTypeRoot.VARCHAR, "STRING", Task.score, Task.generate),
    TABLE_VERSION(LogicalTypeRoot.VARCHAR, "STRING", Task.score, Task.generate);

    final LogicalTypeRoot type;
    final String sqlType;
    private final Set<Task> tasks;

    OutputColumn(LogicalTypeRoot type, String sqlType, Task first, Task... more) {
        this.type = type;
        this.sqlType = sqlType;
        this.tasks = EnumSet.of(first, more);
    }

    /** The column's name in SQL. */
    String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean producedBy(Task task) {
        return tasks.contains(task);
    }

    /** The column called {@code name}, or null. */
    static OutputColumn named(String name) {
        for (OutputColumn column : values()) {
            if (column.sqlName().equals(name)) {
                return column;
            }
        }
        return null;
    }

    /** "tokens INT, log_likelihood DOUBLE, ...": what {@code task} produces. */
    static String describe(Task task) {
        return Arrays.stream(values())
                .filter(column -> column.producedBy(task))
                .map(column -> column.sqlName() + " " + column.sqlType)
                .collect(Collectors.joining(", "));
    }
}
