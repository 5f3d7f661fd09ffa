package dev.scone.flink.sql;

import dev.scone.flink.service.settings.ReplicaSettings;
import dev.scone.flink.sql.SconeModelOptions.Task;
import dev.scone.kafka.KafkaAccessException;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaNeeds;
import dev.scone.kafka.KafkaPreflight;
import dev.scone.model.evaluation.ServedModel;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

/**
 * The {@code scone} model provider, found through Flink's factory discovery. When a query that
 * calls {@code ML_PREDICT} on a scone model is planned, it checks every option, the INPUT and
 * OUTPUT schemas against the task, and that the model and its table exist and belong together (a
 * table topic: that it exists and may be read), so that a mistake fails the statement with one
 * sentence instead of failing tasks later.
 */
public final class SconeModelProviderFactory implements ModelProviderFactory {

    public static final String IDENTIFIER = "scone";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                SconeModelOptions.MODEL,
                SconeModelOptions.TASK,
                SconeModelOptions.TABLE,
                SconeModelOptions.TABLE_TOPIC,
                SconeModelOptions.REPLICA,
                SconeModelOptions.REPLICA_DIR,
                SconeModelOptions.BATCH_SIZE,
                SconeModelOptions.MAX_WAIT,
                SconeModelOptions.THREADS,
                SconeModelOptions.MAX_NEW_TOKENS,
                SconeModelOptions.TEMPERATURE,
                SconeModelOptions.TOP_K,
                SconeModelOptions.SEED);
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper =
                FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validateExcept(SconeModelOptions.KAFKA_PROPERTIES_PREFIX);
        return new SconeModelProvider(
                settings(
                        context.getObjectIdentifier().asSummaryString(),
                        context.getCatalogModel(),
                        helper.getOptions(),
                        ModelRepository.forHome(home())));
    }

    /**
     * Checks a model's definition and resolves it into what each task needs.
     *
     * @throws ValidationException saying what is wrong
     */
    static SconeModelSettings settings(
            String name,
            ResolvedCatalogModel model,
            ReadableConfig options,
            ModelRepository repository) {
        Task task = options.get(SconeModelOptions.TASK);
        checkInput(name, model);
        List<OutputColumn> outputs = outputs(name, model, task);
        Map<String, String> kafka = kafkaProperties(model.getOptions());
        String tableFile = options.getOptional(SconeModelOptions.TABLE).orElse(null);
        String tableTopic = options.getOptional(SconeModelOptions.TABLE_TOPIC).orElse(null);
        int batchSize = options.get(SconeModelOptions.BATCH_SIZE);
        int threads = options.get(SconeModelOptions.THREADS);
        int maxNewTokens = options.get(SconeModelOptions.MAX_NEW_TOKENS);
        float temperature = options.get(SconeModelOptions.TEMPERATURE);
        int topK = options.get(SconeModelOptions.TOP_K);
        require(batchSize >= 1, "'batch-size' must be at least 1, not " + batchSize + ".");
        require(
                !options.get(SconeModelOptions.MAX_WAIT).isNegative(),
                "'max-wait' must not be negative.");
        require(threads >= 0, "'threads' must be 0 (automatic) or more, not " + threads + ".");
        require(maxNewTokens >= 0, "'max-new-tokens' must not be negative.");
        require(
                temperature >= 0 && !Float.isInfinite(temperature),
                "'temperature' must be 0 (greedy) or a positive number.");
        require(topK >= 0, "'top-k' must not be negative.");
        require(
                tableFile == null || tableTopic == null,
                "Give 'table' (a file) or 'table.topic' (a changelog), not both.");
        require(
                tableTopic == null || kafka.containsKey("bootstrap.servers"),
                "'table.topic' needs the brokers in 'properties.bootstrap.servers'.");

        Path dir;
        ModelCard card;
        try {
            dir = repository.resolve(options.get(SconeModelOptions.MODEL));
            card = repository.card(dir);
        } catch (IllegalArgumentException | IOException e) {
            throw new ValidationException(e.getMessage(), e);
        }
        boolean hasTable = card.config().hasFgramEncoder();
        if (!hasTable) {
            require(
                    tableFile == null && tableTopic == null,
                    "Model "
                            + card.modelVersion()
                            + " is a baseline without f-grams, so it takes no 'table' or"
                            + " 'table.topic'.");
        } else if (tableFile != null) {
            try {
                ServedModel.checkTable(Path.of(tableFile), card);
            } catch (NoSuchFileException e) {
                throw new ValidationException("There is no table file " + tableFile + ".", e);
            } catch (IllegalArgumentException | IOException e) {
                throw new ValidationException(e.getMessage(), e);
            }
            tableFile = Path.of(tableFile).toAbsolutePath().toString();
        } else if (tableTopic != null) {
            // Each task's replica would otherwise wait for a topic that never comes.
            try {
                KafkaPreflight.check(
                        KafkaClientProperties.of(kafka),
                        KafkaNeeds.connectionOnly().reading(tableTopic));
            } catch (KafkaAccessException e) {
                throw new ValidationException(e.getMessage(), e);
            }
        } else {
            try {
                tableFile =
                        repository
                                .table(dir, ProgressReporter.silent())
                                .toAbsolutePath()
                                .toString();
            } catch (IOException e) {
                throw new ValidationException(
                        "The table of model " + card.modelVersion() + " cannot be built: " + e, e);
            }
        }
        return new SconeModelSettings(
                dir.toAbsolutePath().normalize().toString(),
                card.modelVersion(),
                card.config().d(),
                card.config().maxFgramLength(),
                task,
                outputs,
                tableFile,
                tableTopic,
                kafka,
                new ReplicaSettings(
                        options.get(SconeModelOptions.REPLICA),
                        options.getOptional(SconeModelOptions.REPLICA_DIR).orElse(null)),
                batchSize,
                options.get(SconeModelOptions.MAX_WAIT),
                threads,
                maxNewTokens,
                temperature,
                topK,
                options.get(SconeModelOptions.SEED));
    }

    /** The directory shipped model names are looked up under. */
    static Path home() {
        String home = System.getProperty("scone.home");
        if (home == null) {
            home = System.getenv("SCONE_HOME");
        }
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    private static void checkInput(String name, ResolvedCatalogModel model) {
        List<Column> columns = model.getResolvedInputSchema().getColumns();
        boolean oneString =
                columns.size() == 1
                        && columns.get(0).isPhysical()
                        && columns.get(0)
                                .getDataType()
                                .getLogicalType()
                                .is(LogicalTypeFamily.CHARACTER_STRING);
        require(
                oneString,
                "A scone model takes exactly one STRING column as INPUT, the text; model "
                        + name
                        + " declares "
                        + describe(columns)
                        + ".");
    }

    private static List<OutputColumn> outputs(String name, ResolvedCatalogModel model, Task task) {
        List<Column> columns = model.getResolvedOutputSchema().getColumns();
        require(
                !columns.isEmpty(),
                "Model "
                        + name
                        + " declares no OUTPUT column; task "
                        + task
                        + " produces "
                        + OutputColumn.describe(task)
                        + ".");
        List<OutputColumn> outputs = new ArrayList<>();
        Set<OutputColumn> seen = new HashSet<>();
        for (Column column : columns) {
            OutputColumn output = OutputColumn.named(column.getName());
            require(
                    output != null && output.producedBy(task),
                    "Task "
                            + task
                            + " produces no OUTPUT column '"
                            + column.getName()
                            + "'; it produces "
                            + OutputColumn.describe(task)
                            + ".");
            LogicalType type = column.getDataType().getLogicalType();
            require(
                    type.is(output.type),
                    "OUTPUT column "
                            + output.sqlName()
                            + " is "
                            + output.sqlType
                            + ", not "
                            + type.asSummaryString()
                            + ".");
            require(seen.add(output), "OUTPUT column " + output.sqlName() + " appears twice.");
            outputs.add(output);
        }
        return outputs;
    }

    private static Map<String, String> kafkaProperties(Map<String, String> options) {
        Map<String, String> kafka = new HashMap<>();
        String prefix = SconeModelOptions.KAFKA_PROPERTIES_PREFIX;
        options.forEach(
                (key, value) -> {
                    if (key.startsWith(prefix)) {
                        kafka.put(key.substring(prefix.length()), value);
                    }
                });
        return kafka;
    }

    private static String describe(List<Column> columns) {
        if (columns.isEmpty()) {
            return "none";
        }
        return columns.size()
                + ": "
                + columns.stream()
                        .map(column -> column.getName() + " " + column.getDataType())
                        .collect(Collectors.joining(", "));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ValidationException(message);
        }
    }
}
