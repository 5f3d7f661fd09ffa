package dev.scone.cli;

import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaNeeds;
import dev.scone.kafka.TablePublisher;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.table.TableHeader;
import dev.scone.schemas.topic.SconeTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scone table}: the precomputed f-gram embedding table F. */
@Command(
        name = "table",
        mixinStandardHelpOptions = true,
        description = "Build, inspect and publish the precomputed f-gram embedding table.",
        subcommands = {
            TableCommand.Build.class,
            TableCommand.Info.class,
            TableCommand.Publish.class
        })
final class TableCommand extends CommandGroup {

    /** Exports a model's table by running A_F once over every f-gram. */
    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description = {
                "Run the model's f-gram model A_F once over every f-gram of its vocabulary and",
                "store the outputs as a bf16 table; inference then needs no A_F. The table is",
                "cached under var/tables and reused while the model is unchanged."
            })
    static final class Build implements Callable<Integer> {

        @Option(
                names = "--model",
                defaultValue = "scone",
                description = "Model name or directory (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--out", paramLabel = "FILE", description = "Also copy the table to FILE.")
        Path out;

        @Override
        public Integer call() throws Exception {
            ModelRepository models = ModelRepository.forHome(SconeHome.root());
            Path table = models.table(models.resolve(model), GlobalOptions.current().progress());
            if (out != null) {
                Files.copy(table, out, StandardCopyOption.REPLACE_EXISTING);
                table = out;
            }
            System.out.println(describe(FgramTableFile.readHeader(table), table));
            return ExitCodes.OK;
        }
    }

    /** Prints a table file's header. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Describe a table file.")
    static final class Info implements Callable<Integer> {

        @Option(
                names = "--table",
                required = true,
                paramLabel = "FILE",
                description = "Table file.")
        Path table;

        @Override
        public Integer call() throws Exception {
            CommandIo.requireFile(table, "Table");
            System.out.println(describe(FgramTableFile.readHeader(table), table));
            return ExitCodes.OK;
        }
    }

    /** Writes a table to the compacted changelog topic the service reads. */
    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Write a table to the compacted topic "
                        + SconeTopics.FGRAM_TABLE
                        + ", one entry per f-gram.",
                "A running service applies it to its keyed state and replicas without restarting."
            })
    static final class Publish implements Callable<Integer> {

        static final class Source {
            @Option(names = "--table", paramLabel = "FILE", description = "Table file to publish.")
            Path table;

            @Option(
                    names = "--model",
                    description =
                            "Publish this model's table, building and caching it first if needed.")
            String model;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Mixin KafkaConnectionOptions kafkaConnection;

        @Option(
                names = "--topic",
                defaultValue = SconeTopics.FGRAM_TABLE,
                description = "Changelog topic (default: ${DEFAULT-VALUE}).")
        String topic;

        @Option(
                names = "--table-version",
                description = "Version recorded on every entry (default: the table's own).")
        String tableVersion;

        @Override
        public Integer call() throws Exception {
            // Checked first: building or loading a big table takes a while, a refusal should not.
            KafkaClientProperties kafka =
                    kafkaConnection.resolveAndCheck(
                            Map.of(), KafkaNeeds.connectionOnly().writing(topic));
            Path file = source.table;
            if (file == null) {
                ModelRepository models = ModelRepository.forHome(SconeHome.root());
                file =
                        models.table(
                                models.resolve(source.model), GlobalOptions.current().progress());
            }
            CommandIo.requireFile(file, "Table");
            try (InMemoryFgramTable table =
                    FgramTableFile.load(file, GlobalOptions.current().progress())) {
                String version = tableVersion == null ? table.version() : tableVersion;
                long written =
                        new TablePublisher(kafka, topic)
                                .publish(table, version, GlobalOptions.current().progress());
                System.out.println(
                        "Published "
                                + written
                                + " entries of table "
                                + version
                                + " to "
                                + topic
                                + ".");
            }
            return ExitCodes.OK;
        }
    }

    static String describe(TableHeader header, Path file) {
        return String.format(
                "table %s%n  version      %s%n  model        %s%n  f-grams      %d%n  dimension    %d (bf16)%n  vocabulary   %s%n  file size    %.1f MB",
                file,
                header.tableVersion(),
                header.modelVersion(),
                header.count(),
                header.dimension(),
                header.vocabularyFingerprint().isEmpty() ? "-" : header.vocabularyFingerprint(),
                header.fileLength() / 1e6);
    }

    /** Checks a table against a model card; used by commands that take both. */
    static void checkMatches(Path table, ModelCard card) throws java.io.IOException {
        ModelRepository.checkTableMatches(FgramTableFile.readHeader(table), card);
    }
}
