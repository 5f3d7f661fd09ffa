package dev.scone.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code scone} command line: one entry point, one subcommand per task. */
@Command(
        name = "scone",
        mixinStandardHelpOptions = true,
        versionProvider = SconeCommand.Version.class,
        description = {
            "SCONE Stream: n-gram-embedding-augmented language models served on Apache Flink.",
            ""
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            TokenizeCommand.class,
            MatchCommand.class,
            CorpusCommand.class,
            VocabCommand.class,
            TrainCommand.class,
            ModelCommand.class,
            EvalCommand.class,
            ScoreCommand.class,
            GenerateCommand.class,
            TableCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            ProduceCommand.class,
            ConsumeCommand.class,
            ServeCommand.class,
            DiscoverCommand.class,
            SqlCommand.class,
            ClusterCommand.class,
            BenchCommand.class,
            DemoCommand.class,
        },
        footer = {
            "",
            "Exit status: 0 success, 1 internal error, 2 user error (bad option or input).",
            "Run 'scone COMMAND --help' for the options of a command."
        })
public final class SconeCommand extends CommandGroup {

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Print stack traces and detailed logs when something fails.")
    boolean verbose;

    @Option(
            names = "--no-progress",
            scope = ScopeType.INHERIT,
            description = "Do not show progress bars or progress lines.")
    boolean noProgress;

    /** Builds the command line with SCONE's error handling; tests call this too. */
    public static CommandLine commandLine(GlobalOptions options) {
        CommandLine commandLine = new CommandLine(new SconeCommand());
        commandLine.setExecutionExceptionHandler(new ErrorReporter(options));
        commandLine.setParameterExceptionHandler(SconeCommand::handleParameterError);
        commandLine.setUsageHelpAutoWidth(true);
        return commandLine;
    }

    /** Runs one invocation and returns its exit status. */
    public static int execute(String... args) {
        GlobalOptions options = GlobalOptions.parse(args);
        GlobalOptions.install(options);
        return commandLine(options).execute(args);
    }

    public static void main(String[] args) {
        int status = execute(args);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private static int handleParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USER_ERROR;
    }

    /** Reports the version baked into the jar manifest at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SconeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"scone " + (version == null ? "development build" : version)};
        }
    }
}
