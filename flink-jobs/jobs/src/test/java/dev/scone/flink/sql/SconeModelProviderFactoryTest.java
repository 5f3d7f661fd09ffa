package dev.scone.flink.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.types.DataType;
import org.junit.jupiter.api.Test;

/**
 * The checks the provider makes before it looks for a model, through Flink's own entry point for
 * model providers; {@code SqlModelITCase} covers them, and the model and table checks, under the
 * planner.
 */
class SconeModelProviderFactoryTest {

    private static final ResolvedSchema TEXT =
            ResolvedSchema.physical(List.of("body"), List.of(DataTypes.STRING()));
    private static final ResolvedSchema PERPLEXITY =
            ResolvedSchema.physical(List.of("perplexity"), List.of(DataTypes.DOUBLE()));

    private static void create(ResolvedSchema input, ResolvedSchema output, String... options) {
        Map<String, String> all = new HashMap<>();
        all.put("provider", "scone");
        for (int i = 0; i < options.length; i += 2) {
            all.put(options[i], options[i + 1]);
        }
        CatalogModel model =
                CatalogModel.of(
                        Schema.newBuilder().fromResolvedSchema(input).build(),
                        Schema.newBuilder().fromResolvedSchema(output).build(),
                        all,
                        null);
        FactoryUtil.createModelProvider(
                new SconeModelProviderFactory(),
                ObjectIdentifier.of("cat", "db", "m"),
                ResolvedCatalogModel.of(model, input, output),
                new Configuration(),
                SconeModelProviderFactoryTest.class.getClassLoader(),
                false);
    }

    private static ResolvedSchema schema(String name, DataType type) {
        return ResolvedSchema.physical(List.of(name), List.of(type));
    }

    @Test
    void isFoundAsTheSconeProvider() {
        assertThat(
                        FactoryUtil.discoverFactory(
                                getClass().getClassLoader(), ModelProviderFactory.class, "scone"))
                .isInstanceOf(SconeModelProviderFactory.class);
    }

    @Test
    void refusesUnknownOptions() {
        assertThatThrownBy(() -> create(TEXT, PERPLEXITY, "batch_size", "4"))
                .hasStackTraceContaining("Unsupported options")
                .hasStackTraceContaining("batch_size");
    }

    @Test
    void refusesAnInputThatIsNotOneStringColumn() {
        assertThatThrownBy(() -> create(schema("body", DataTypes.INT()), PERPLEXITY))
                .hasRootCauseMessage(
                        "A scone model takes exactly one STRING column as INPUT, the text; model"
                                + " cat.db.m declares 1: body INT.");
        ResolvedSchema two =
                ResolvedSchema.physical(
                        List.of("title", "body"), List.of(DataTypes.STRING(), DataTypes.STRING()));
        assertThatThrownBy(() -> create(two, PERPLEXITY))
                .hasRootCauseMessage(
                        "A scone model takes exactly one STRING column as INPUT, the text; model"
                                + " cat.db.m declares 2: title STRING, body STRING.");
    }

    @Test
    void refusesOutputColumnsTheTaskDoesNotProduce() {
        assertThatThrownBy(() -> create(TEXT, schema("generated_text", DataTypes.STRING())))
                .hasRootCauseMessage(
                        "Task score produces no OUTPUT column 'generated_text'; it produces tokens"
                                + " INT, log_likelihood DOUBLE, perplexity DOUBLE,"
                                + " matched_positions INT, mean_match_length DOUBLE,"
                                + " model_version STRING, table_version STRING.");
        assertThatThrownBy(() -> create(TEXT, PERPLEXITY, "task", "generate"))
                .hasRootCauseMessage(
                        "Task generate produces no OUTPUT column 'perplexity'; it produces tokens"
                                + " INT, matched_positions INT, generated_text STRING,"
                                + " generated_tokens INT, prompt_tokens_dropped INT,"
                                + " model_version STRING, table_version STRING.");
        assertThatThrownBy(() -> create(TEXT, schema("perplexity", DataTypes.FLOAT())))
                .hasRootCauseMessage("OUTPUT column perplexity is DOUBLE, not FLOAT.");
    }

    @Test
    void refusesSettingsOutOfRange() {
        assertThatThrownBy(() -> create(TEXT, PERPLEXITY, "batch-size", "0"))
                .hasRootCauseMessage("'batch-size' must be at least 1, not 0.");
        assertThatThrownBy(
                        () ->
                                create(
                                        TEXT,
                                        PERPLEXITY,
                                        "table",
                                        "t.sctbl",
                                        "table.topic",
                                        "scone.fgram-table"))
                .hasRootCauseMessage(
                        "Give 'table' (a file) or 'table.topic' (a changelog), not both.");
        assertThatThrownBy(() -> create(TEXT, PERPLEXITY, "table.topic", "scone.fgram-table"))
                .hasRootCauseMessage(
                        "'table.topic' needs the brokers in 'properties.bootstrap.servers'.");
    }

    @Test
    void refusesAModelThatIsNotThere() {
        assertThatThrownBy(() -> create(TEXT, PERPLEXITY, "model", "/no/such/model"))
                .hasStackTraceContaining("No model '/no/such/model'");
    }
}
