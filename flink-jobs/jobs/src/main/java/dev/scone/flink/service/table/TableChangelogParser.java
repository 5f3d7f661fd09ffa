package dev.scone.flink.service.table;

import dev.scone.flink.service.DeadLetters;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.matching.TableUpdate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Checks records of the compacted table changelog with {@link TableEntryValidator} before they
 * touch keyed state; a record that fails goes to the dead-letter topic with the reason.
 */
public class TableChangelogParser extends ProcessFunction<RawRecord, TableUpdate> {

    private static final long serialVersionUID = 1L;

    private final TableEntryValidator validator;
    private transient Counter rejected;

    public TableChangelogParser(TableEntryValidator validator) {
        this.validator = validator;
    }

    @Override
    public void open(OpenContext openContext) {
        rejected =
                getRuntimeContext()
                        .getMetricGroup()
                        .counter(MetricNames.TABLE_ENTRIES_DEAD_LETTERED);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<TableUpdate> out) {
        try {
            out.collect(validator.validate(record));
        } catch (IllegalArgumentException e) {
            rejected.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(record, "table entry: " + e.getMessage()));
        }
    }
}
