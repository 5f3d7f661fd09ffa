package dev.scone.cli.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of the cluster's JVMs: this JVM's own Java and class path, so the processes run
 * exactly the jars this build resolved (flink-jobs/cli/target/lib for {@code scone}, the test class
 * path in tests), and {@link ProcessMain} in front of the real main class.
 */
final class JavaCommand {

    private JavaCommand() {}

    static List<String> of(
            List<String> jvmOptions,
            boolean attached,
            String mainClass,
            List<String> programArguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add(ProcessMain.class.getName());
        command.add(attached ? ProcessMain.ATTACHED : ProcessMain.DETACHED);
        command.add(mainClass);
        command.addAll(programArguments);
        return command;
    }

    /**
     * This JVM's class path with every entry made absolute: the processes run in directories of
     * their own, where relative entries would point nowhere.
     */
    static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
