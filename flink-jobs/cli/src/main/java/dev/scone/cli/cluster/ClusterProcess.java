package dev.scone.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One JVM of the local cluster, known by a pid file so that a later command (another JVM) can find,
 * stop or restart it. A pid alone could name an unrelated process after a reboot, so a process
 * counts as this one only while its command line carries this process's marker property.
 */
public final class ClusterProcess {

    /** System property on a cluster JVM's command line that names its pid file. */
    static final String MARKER_PROPERTY = "scone.cluster.process";

    private final String name;
    private final Path pidFile;
    private final Path outputFile;
    private Process started;
    private OutputStream parentPipe;

    /**
     * @param name what the process is, such as taskmanager-1
     * @param pidFile where its pid is kept while it runs
     * @param outputFile where its standard output and error are appended
     */
    public ClusterProcess(String name, Path pidFile, Path outputFile) {
        this.name = name;
        this.pidFile = pidFile.toAbsolutePath().normalize();
        this.outputFile = outputFile.toAbsolutePath().normalize();
    }

    public String name() {
        return name;
    }

    /** File receiving the process's standard output and error. */
    public Path outputFile() {
        return outputFile;
    }

    /** The {@code -D} option that marks a command line as this process's. */
    String markerOption() {
        return "-D" + MARKER_PROPERTY + "=" + pidFile;
    }

    /** The pid of the running process, or empty when it is not running. */
    public synchronized OptionalLong pid() {
        if (started != null && started.isAlive()) {
            return OptionalLong.of(started.pid());
        }
        OptionalLong recorded = recordedPid();
        if (recorded.isEmpty()) {
            return OptionalLong.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(recorded.getAsLong());
        if (handle.isEmpty() || !handle.get().isAlive() || !isOurs(handle.get())) {
            return OptionalLong.empty();
        }
        return recorded;
    }

    public boolean isRunning() {
        return pid().isPresent();
    }

    /**
     * Starts the process; {@code command} must contain {@link #markerOption()}.
     *
     * @param attached whether the process ends with this JVM (see {@link ProcessMain})
     */
    synchronized void start(
            List<String> command, Map<String, String> environment, Path workDir, boolean attached)
            throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running.");
        }
        if (!command.contains(markerOption())) {
            throw new IllegalArgumentException("The command of " + name + " lacks its marker.");
        }
        Files.createDirectories(outputFile.getParent());
        Files.createDirectories(pidFile.getParent());
        Files.createDirectories(workDir);
        Files.writeString(
                outputFile,
                "=== " + Instant.now() + " starting " + name + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()));
        builder.environment().putAll(environment);
        if (!attached) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        started = builder.start();
        parentPipe = attached ? started.getOutputStream() : null;
        Path temporary = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.writeString(temporary, Long.toString(started.pid()), StandardCharsets.UTF_8);
        Files.move(temporary, pidFile, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the process has exited since it was started by this JVM, with its status. */
    synchronized OptionalLong exitStatus() {
        if (started == null || started.isAlive()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(started.exitValue());
    }

    /**
     * Stops the process: SIGTERM, which runs Flink's and Kafka's own shutdown, then SIGKILL when
     * that takes longer than {@code grace}. Does nothing when it is not running.
     */
    public synchronized void stop(Duration grace) {
        end(
                handle -> {
                    handle.destroy();
                    if (!awaitExit(handle, grace)) {
                        handle.destroyForcibly();
                        awaitExit(handle, grace);
                    }
                });
    }

    /**
     * Kills the process at once with SIGKILL, as a crashed machine would end it: no shutdown hook
     * runs. Returns once it is gone.
     */
    public synchronized void kill() {
        end(
                handle -> {
                    handle.destroyForcibly();
                    awaitExit(handle, Duration.ofSeconds(30));
                });
    }

    /** Ends the process, when one runs, the given way, then lets go of it. */
    private void end(Consumer<ProcessHandle> ending) {
        OptionalLong pid = pid();
        if (pid.isPresent()) {
            ProcessHandle.of(pid.getAsLong()).ifPresent(ending);
        }
        forget();
    }

    private void forget() {
        if (parentPipe != null) {
            try {
                parentPipe.close();
            } catch (IOException e) {
                // The process is gone; the pipe has nothing left to release.
            }
            parentPipe = null;
        }
        started = null;
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // A stale pid file is harmless: the marker check rejects it.
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration limit) {
        try {
            handle.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private OptionalLong recordedPid() {
        if (!Files.isRegularFile(pidFile)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(
                    Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private boolean isOurs(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        List<String> arguments = new ArrayList<>();
        info.arguments().ifPresent(values -> arguments.addAll(List.of(values)));
        if (arguments.isEmpty()) {
            // Some systems do not expose other processes' arguments; trust the pid file then.
            return info.commandLine().map(line -> line.contains(markerOption())).orElse(true);
        }
        return arguments.contains(markerOption());
    }

    @Override
    public String toString() {
        OptionalLong pid = pid();
        return name + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : " (stopped)");
    }
}
