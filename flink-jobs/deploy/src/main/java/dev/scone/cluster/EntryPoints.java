package dev.scone.cluster;

import dev.scone.flink.service.settings.JobSettings;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * What the job jar's main classes share: reading their program arguments the same way, and running
 * on whatever environment Flink gives them.
 */
final class EntryPoints {

    /** A main class's job, its program arguments parsed. */
    interface ClusterJob {

        /** The job's Flink settings, for the environment it runs on. */
        Configuration flinkConfiguration();

        /** Defines and submits the job on {@code env}. */
        JobClient start(StreamExecutionEnvironment env) throws Exception;
    }

    private EntryPoints() {}

    /**
     * Parses {@code args} into the annotated fields of {@code job}; prints the usage for --help or
     * --version.
     *
     * @return {@code job}, or null after --help or --version: the job should not run
     * @throws IllegalArgumentException with picocli's sentence for a bad argument
     */
    static <T> T parse(T job, String... args) {
        CommandLine commandLine = new CommandLine(job);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
            commandLine.usage(System.out);
            return null;
        }
        return job;
    }

    /** Starts {@code job} on the environment Flink gives the main class; nothing for null. */
    static void run(ClusterJob job) throws Exception {
        if (job != null) {
            job.start(StreamExecutionEnvironment.getExecutionEnvironment(job.flinkConfiguration()));
        }
    }

    /**
     * {@code flink} for a cluster: without --checkpoint-dir the job leaves the checkpoint directory
     * to the cluster's configuration, where a deployment points it at shared storage.
     */
    static Configuration forCluster(Configuration flink, JobSettings job) {
        if (job.checkpointDir() == null) {
            flink.removeConfig(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        }
        return flink;
    }
}
