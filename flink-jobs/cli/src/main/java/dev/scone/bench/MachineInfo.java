package dev.scone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a benchmark ran on, as recorded next to its numbers: processors, CPU model, memory,
 * Java runtime. Linux facts come from {@code /proc}; elsewhere they read "unknown".
 *
 * @param processors processors available to the JVM
 * @param cpuModel the CPU's model name
 * @param memoryBytes physical memory, or -1 when unknown
 * @param java the Java runtime's version and VM
 */
public record MachineInfo(int processors, String cpuModel, long memoryBytes, String java) {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Path MEMORY_INFO = Path.of("/proc/meminfo");
    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");
    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");
    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The machine this JVM runs on. */
    public static MachineInfo current() {
        List<String> cpu = readLines(CPU_INFO);
        String model =
                field(cpu, "model name").orElse(field(cpu, "Processor").orElse("unknown CPU"));
        long memoryKiB = kibibytes(field(readLines(MEMORY_INFO), "MemTotal").orElse(""));
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                model,
                memoryKiB < 0 ? -1 : memoryKiB * 1024,
                System.getProperty("java.runtime.version")
                        + " ("
                        + System.getProperty("java.vm.name")
                        + ")");
    }

    /** The 1, 5 and 15 minute load averages, as the kernel prints them, or "unknown". */
    public static String loadAverage() {
        List<String> lines = readLines(LOAD_AVERAGE);
        if (lines.isEmpty()) {
            return "unknown";
        }
        String[] fields = lines.get(0).trim().split("\\s+");
        return fields.length < 3 ? "unknown" : fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** This process's peak resident memory so far (VmHWM), or -1 when unknown. */
    public static long peakResidentBytes() {
        long kib = kibibytes(field(readLines(PROCESS_STATUS), "VmHWM").orElse(""));
        return kib < 0 ? -1 : kib * 1024;
    }

    /** One line for reports, such as "2 CPUs (AMD EPYC), 23.4 GiB RAM, Java 17.0.15 (...)". */
    public String describe() {
        String memory =
                memoryBytes < 0
                        ? "unknown RAM"
                        : String.format(Locale.ROOT, "%.1f GiB RAM", memoryBytes / GIB);
        return String.format(
                Locale.ROOT, "%d CPUs (%s), %s, Java %s", processors, cpuModel, memory, java);
    }

    private static Optional<String> field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** The number in a "/proc" value such as "24000000 kB", or -1. */
    private static long kibibytes(String value) {
        String[] fields = value.trim().split("\\s+");
        try {
            return fields.length == 0 ? -1 : Long.parseLong(fields[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
