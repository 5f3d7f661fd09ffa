package dev.scone.process;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a child JVM when its parent is gone. The parent holds the other end of the child's standard
 * input and never writes to it, so the pipe reaches end of file exactly when the parent exits, even
 * after {@code kill -9}; without this a crashed test or command leaves orphans holding ports and
 * data directories.
 */
public final class ParentWatchdog {

    private ParentWatchdog() {}

    /**
     * Starts a daemon thread that waits for end of file on {@code parentPipe}, then prints {@code
     * message} to standard error and exits the JVM with status 0 (shutdown hooks run).
     */
    public static void exitWhenClosed(InputStream parentPipe, String message) {
        Thread watchdog =
                new Thread(
                        () -> {
                            byte[] ignored = new byte[64];
                            try {
                                while (parentPipe.read(ignored) >= 0) {
                                    // The parent never writes; only end of file matters.
                                }
                            } catch (IOException e) {
                                // A broken pipe means the same as end of file.
                            }
                            System.err.println(message);
                            System.exit(0);
                        },
                        "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
