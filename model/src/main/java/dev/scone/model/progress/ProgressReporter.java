package dev.scone.model.progress;

/**
 * Starts {@link Progress} trackers. Library code takes a reporter so that the command line can show
 * progress bars while tests and services stay quiet.
 */
@FunctionalInterface
public interface ProgressReporter {

    /**
     * Starts tracking a piece of work.
     *
     * @param task what is being done, such as "Counting 3-grams"
     * @param total units of work expected, or -1 when unknown
     * @param unit name of one unit, such as "tokens"
     */
    Progress start(String task, long total, String unit);

    /** A reporter that shows nothing. */
    static ProgressReporter silent() {
        return (task, total, unit) -> Progress.silent();
    }
}
