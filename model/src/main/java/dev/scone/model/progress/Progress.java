package dev.scone.model.progress;

/**
 * One piece of long-running work reporting how far it got. Implementations decide how to show it (a
 * progress bar on a terminal, periodic plain lines otherwise, nothing in tests).
 */
public interface Progress extends AutoCloseable {

    /** Records {@code amount} more units done. */
    void step(long amount);

    /** Sets a short status shown next to the progress, such as the current loss. */
    void status(String status);

    /** Marks the work finished. */
    @Override
    void close();

    /** A progress that shows nothing. */
    static Progress silent() {
        return new Progress() {
            @Override
            public void step(long amount) {}

            @Override
            public void status(String status) {}

            @Override
            public void close() {}
        };
    }
}
