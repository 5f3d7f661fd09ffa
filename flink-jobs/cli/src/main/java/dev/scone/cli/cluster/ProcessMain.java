package dev.scone.cli.cluster;

import dev.scone.process.ParentWatchdog;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * First class of every cluster JVM: ties the process's lifetime to its parent or cuts it loose,
 * then runs the real main class (a Flink entrypoint or the Kafka broker).
 *
 * <p>Usage: {@code ProcessMain attached|detached MAIN_CLASS [ARGS...]}.
 *
 * <ul>
 *   <li>{@code attached}: the process exits when standard input reaches end of file. The parent
 *       holds the other end of that pipe and never writes to it, so a test that dies, even by
 *       {@code kill -9}, leaves no JobManager or TaskManager behind.
 *   <li>{@code detached}: for {@code scone cluster up}, whose processes outlive the command.
 *       Standard input is replaced by a stream that never ends, because the Kafka broker's own main
 *       stops at end of file and a detached process reads it from /dev/null.
 * </ul>
 */
public final class ProcessMain {

    /** Mode in which the process stops together with the JVM that started it. */
    public static final String ATTACHED = "attached";

    /** Mode in which the process runs until it is stopped on its own. */
    public static final String DETACHED = "detached";

    private ProcessMain() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 2 || !(ATTACHED.equals(args[0]) || DETACHED.equals(args[0]))) {
            System.err.println("Usage: ProcessMain attached|detached MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        if (ATTACHED.equals(args[0])) {
            ParentWatchdog.exitWhenClosed(
                    System.in,
                    "Standard input closed: the process that started this one is gone; shutting"
                            + " down.");
        } else {
            System.setIn(new NeverEndingInput());
        }
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Standard input of a detached process: every read blocks until the process ends. */
    private static final class NeverEndingInput extends InputStream {
        private final Object never = new Object();

        @Override
        public int read() throws IOException {
            synchronized (never) {
                while (true) {
                    try {
                        never.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("Interrupted while reading standard input.", e);
                    }
                }
            }
        }
    }
}
