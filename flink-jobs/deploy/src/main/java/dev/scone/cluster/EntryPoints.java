package dev.scone.cluster;

import picocli.CommandLine;

/** What the job jar's main classes share: reading their program arguments the same way. */
final class EntryPoints {

    private EntryPoints() {}

    /**
     * Parses {@code args} into the annotated fields of {@code job}; prints the usage for --help or
     * --version.
     *
     * @return whether the job should run (false after --help or --version)
     * @throws IllegalArgumentException with picocli's sentence for a bad argument
     */
    static boolean parseInto(Object job, String... args) {
        CommandLine commandLine = new CommandLine(job);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
            commandLine.usage(System.out);
            return false;
        }
        return true;
    }
}
