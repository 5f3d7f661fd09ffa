package dev.scone.cli.cluster;

import dev.scone.cluster.ServiceJobMain;
import dev.scone.cluster.ServiceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * Submits the streaming service to a running Flink cluster through its REST API: uploads the job
 * jar, runs {@link ServiceJobMain} with the service's options as program arguments, and returns the
 * job's id. The main method runs on the JobManager, so a model directory given by path must exist
 * there (and on every TaskManager) under the same path, as it does on {@code scone cluster}.
 */
public final class RemoteSubmission {

    /** The class the cluster runs. */
    public static final String ENTRY_CLASS = ServiceJobMain.class.getName();

    /** Where {@code mvn -Pjob-jar package} leaves the shaded job jar, relative to the checkout. */
    public static final String JOB_JAR = "flink-jobs/deploy/target/scone-job.jar";

    private final FlinkRestClient rest;

    /**
     * @param jobManager the JobManager's REST endpoint: {@code HOST:PORT} or {@code
     *     http://HOST:PORT}
     */
    public RemoteSubmission(String jobManager) {
        this.rest = new FlinkRestClient(jobManager);
    }

    public FlinkRestClient rest() {
        return rest;
    }

    /**
     * Submits the service with {@code config}.
     *
     * @return the job id
     * @throws IllegalArgumentException when no JobManager answers or the jar does not exist
     */
    public String submit(Path jobJar, ServiceOptions config)
            throws IOException, InterruptedException {
        return submit(jobJar, arguments(config), null);
    }

    /**
     * Submits the service with program {@code arguments}, restored from {@code savepointPath}
     * unless that is null.
     *
     * @return the job id
     */
    public String submit(Path jobJar, List<String> arguments, String savepointPath)
            throws IOException, InterruptedException {
        return submit(jobJar, ENTRY_CLASS, arguments, savepointPath);
    }

    /**
     * Submits the job jar's {@code entryClass} (the service's or the discovery job's main class)
     * with program {@code arguments}, restored from {@code savepointPath} unless that is null.
     *
     * @return the job id
     */
    public String submit(
            Path jobJar, String entryClass, List<String> arguments, String savepointPath)
            throws IOException, InterruptedException {
        if (!rest.isReachable()) {
            throw new IllegalArgumentException(
                    "No Flink JobManager answers at "
                            + rest.address()
                            + "; start one with 'scone cluster up' or check --jobmanager.");
        }
        String jarId = rest.uploadJar(jobJar);
        try {
            return rest.runJar(jarId, entryClass, arguments, savepointPath);
        } catch (IOException e) {
            IllegalArgumentException userError = userError(e);
            if (userError != null) {
                throw userError;
            }
            throw e;
        } finally {
            // The job graph carries its own copy of the jar in the blob store; the upload is
            // only needed to run the main method once.
            rest.deleteJar(jarId);
        }
    }

    /**
     * The job's own sentence when a jar run failed on a user error: the innermost cause in Flink's
     * answer is then an {@code IllegalArgumentException}, such as a model that does not exist.
     *
     * @return that error, or null when the failure is something else
     */
    static IllegalArgumentException userError(IOException failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        String innermost = null;
        for (String line : message.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Caused by: ")) {
                innermost = trimmed.substring("Caused by: ".length());
            }
        }
        String userError = IllegalArgumentException.class.getName() + ": ";
        if (innermost != null && innermost.startsWith(userError)) {
            return new IllegalArgumentException(
                    "The cluster did not start the job: " + innermost.substring(userError.length()),
                    failure);
        }
        return null;
    }

    /**
     * Every option of {@code config} as program arguments of {@link ServiceJobMain}: each
     * {@code @Option} field that has a value, under its documented name.
     */
    public static List<String> arguments(ServiceOptions config) {
        return arguments((Object) config);
    }

    /**
     * Every {@code @Option} field of an options object (such as {@code DiscoveryOptions}) that has
     * a value, as program arguments under its documented name.
     */
    public static List<String> arguments(Object config) {
        List<String> arguments = new ArrayList<>();
        for (Field field : config.getClass().getFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option == null) {
                continue;
            }
            Object value;
            try {
                value = field.get(config);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(
                        config.getClass().getSimpleName()
                                + "."
                                + field.getName()
                                + " is not public.",
                        e);
            }
            if (value == null) {
                continue;
            }
            if (value instanceof Boolean) {
                if ((Boolean) value) {
                    arguments.add(option.names()[0]);
                }
                continue;
            }
            arguments.add(option.names()[0]);
            arguments.add(value instanceof Enum<?> ? ((Enum<?>) value).name() : value.toString());
        }
        return arguments;
    }

    /**
     * The jar to submit from the checkout at {@code home}: the shaded job jar when it is built and
     * not older than the jobs module's jar (a stock Flink cluster needs it), otherwise the jar the
     * service job was loaded from, which is enough for {@code scone cluster} because that cluster
     * runs from the same libraries.
     *
     * @throws IllegalArgumentException when neither exists
     */
    public static Path locateJobJar(Path home) throws IOException {
        Path shaded = home.resolve(JOB_JAR);
        Path own = ownLocation();
        if (Files.isRegularFile(shaded)
                && (own == null
                        || !Files.isRegularFile(own)
                        || !Files.getLastModifiedTime(shaded)
                                .toInstant()
                                .isBefore(Files.getLastModifiedTime(own).toInstant()))) {
            return shaded;
        }
        if (own != null && Files.isRegularFile(own)) {
            return own;
        }
        if (own != null && Files.isDirectory(own)) {
            return jarOf(own, Files.createTempDirectory("scone-job").resolve("scone-classes.jar"));
        }
        throw new IllegalArgumentException(
                "There is no job jar; build it with 'mvn -Pjob-jar -pl flink-jobs/deploy -am package'"
                        + " or give --job-jar.");
    }

    private static Path ownLocation() {
        CodeSource source = ServiceJobMain.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Packs a directory of compiled classes into a jar whose main class is the service job. */
    static Path jarOf(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ENTRY_CLASS);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jarOut.putNextEntry(new JarEntry(name));
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(jarOut);
                }
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
