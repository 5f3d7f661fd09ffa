package dev.scone.cli;

import dev.scone.cli.cluster.RemoteSubmission;
import dev.scone.cli.sql.RowPrinter;
import dev.scone.cli.sql.SqlRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scone sql}: runs a file of Flink SQL statements, SCONE models and Kafka tables included.
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a file of Flink SQL statements, separated by semicolons, one after another on an"
                    + " embedded Flink MiniCluster (or the cluster at --jobmanager). The Kafka"
                    + " connector (with the json format) and the scone model provider are there:"
                    + " CREATE MODEL m INPUT (body STRING) OUTPUT (perplexity DOUBLE) WITH"
                    + " ('provider' = 'scone', 'model' = 'scone'), then"
                    + " ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(body)).",
            "A query prints its rows on stdout; an INSERT is waited for until its job ends."
        })
final class SqlCommand implements Callable<Integer> {

    @Option(
            names = "--file",
            required = true,
            paramLabel = "FILE",
            description = "File of SQL statements.")
    Path file;

    @Option(
            names = "--format",
            defaultValue = "table",
            description =
                    "How a query's rows are printed: json (one object per row, column names as"
                            + " keys, printed as rows arrive) or table (aligned, printed when the"
                            + " query ends) (default: ${DEFAULT-VALUE}).")
    RowPrinter.Format format;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description =
                    "Default parallelism of the statements' jobs; each ML_PREDICT task loads its"
                            + " own model and table (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--jobmanager",
            paramLabel = "HOST:PORT",
            description =
                    "Run the jobs on the Flink cluster whose REST API is at HOST:PORT instead of an"
                            + " embedded MiniCluster; model and table paths must then exist on"
                            + " every TaskManager.")
    String jobManager;

    @Option(
            names = "--job-jar",
            paramLabel = "FILE",
            description =
                    "Jar shipped with the jobs to --jobmanager (default: as for 'scone serve').")
    Path jobJar;

    @Override
    public Integer call() throws IOException {
        if (parallelism < 1) {
            throw new UserException("--parallelism must be at least 1, not " + parallelism + ".");
        }
        String script;
        try {
            script = Files.readString(CommandIo.requireFile(file, "The SQL file"));
        } catch (CharacterCodingException e) {
            throw new UserException("The SQL file " + file + " is not UTF-8 text.", e);
        }
        StreamExecutionEnvironment env = environment();
        env.setParallelism(parallelism);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        PrintWriter out =
                new PrintWriter(
                        new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        try {
            new SqlRunner(tables, format, out).run(script);
        } finally {
            out.flush();
        }
        return ExitCodes.OK;
    }

    private StreamExecutionEnvironment environment() throws IOException {
        if (jobManager == null) {
            return StreamExecutionEnvironment.createLocalEnvironment(
                    parallelism, new Configuration());
        }
        URI address = URI.create(jobManager.contains("://") ? jobManager : "http://" + jobManager);
        if (address.getHost() == null || address.getPort() < 0) {
            throw new UserException(
                    "--jobmanager must be HOST:PORT (the REST API), not '" + jobManager + "'.");
        }
        Path jar = jobJar != null ? jobJar : RemoteSubmission.locateJobJar(SconeHome.root());
        return StreamExecutionEnvironment.createRemoteEnvironment(
                address.getHost(),
                address.getPort(),
                new Configuration(),
                CommandIo.requireFile(jar, "The job jar").toString());
    }
}
