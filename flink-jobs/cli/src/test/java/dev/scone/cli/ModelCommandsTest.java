package dev.scone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The model commands end to end on a tiny model: {@code train} (with the Flink vocabulary job),
 * {@code eval}, {@code score} and {@code generate}, run as the command line runs them.
 */
class ModelCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model small enough to train a few steps on two cores with the full GPT-2 vocabulary. */
    private static final List<String> TINY_MODEL =
            List.of(
                    "--set", "model.d=16",
                    "--set", "model.layers=1",
                    "--set", "model.heads=2",
                    "--set", "model.contextLength=16",
                    "--set", "model.fgramLayers=1",
                    "--set", "model.fgramHeads=2",
                    "--set", "model.mlpRatio=2",
                    "--set", "training.batchSize=2",
                    "--set", "data.vocabularyBuild.minCount=2");

    private static final String[] SENTENCES = {
        "The committee said the city would review the plan.",
        "The jury said it did find that the city executive committee had acted well.",
        "It is the best of times and the worst of times.",
        "The plan was approved by the city council on Monday.",
    };

    @RegisterExtension static final TemporarySconeHome HOME = new TemporarySconeHome();

    private static Path corpus;
    private static Path model;
    private static Path otherModel;

    @BeforeAll
    static void trainTwoModels() throws Exception {
        List<String> documents = new ArrayList<>();
        for (int d = 0; d < 24; d++) {
            documents.add(SENTENCES[d % 4] + " " + SENTENCES[(d + 1) % 4]);
        }
        corpus = HOME.dir().resolve("train.txt");
        CorpusDocuments.write(corpus, documents);

        model = HOME.dir().resolve("models/first");
        CommandRun first = train(model, "--steps", "3", "--set", "name=first");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("Trained first-").contains("3 steps");

        otherModel = HOME.dir().resolve("models/second");
        CommandRun second =
                train(
                        otherModel,
                        "--steps",
                        "2",
                        "--set",
                        "name=second",
                        "--set",
                        "data.vocabulary=" + model.resolve(SconeModelIO.VOCABULARY_FILE));
        assertThat(second.status()).as(second.err()).isZero();
    }

    private static CommandRun train(Path out, String... args) {
        List<String> all = new ArrayList<>(List.of("--out", out.toString()));
        all.addAll(TINY_MODEL);
        all.addAll(List.of("--set", "data.train=" + corpus));
        all.addAll(List.of(args));
        return run(new TrainCommand(), all.toArray(String[]::new));
    }

    private static CommandRun run(Object command, String... args) {
        return CommandRun.of(command, args);
    }

    private static CommandRun runWithInput(Object command, String stdin, String... args) {
        return CommandRun.withInput(command, stdin, args);
    }

    @Test
    void trainingWritesAModelDirectoryWithItsRecord() throws Exception {
        ModelCard card = SconeModelIO.readCard(model);
        assertThat(card.config().d()).isEqualTo(16);
        assertThat(card.fgramCount()).isPositive();
        for (String file :
                List.of(
                        "model.safetensors",
                        "vocabulary.avro",
                        "training.json",
                        "loss-curve.csv",
                        "loss-curve.png")) {
            assertThat(model.resolve(file)).isRegularFile();
        }
        JsonNode record = JSON.readTree(model.resolve("training.json").toFile());
        assertThat(record.get("steps").asInt()).isEqualTo(3);
        assertThat(record.get("commands").get(0).get("command").asText())
                .startsWith("scone ")
                .contains("--steps 3");
    }

    @Test
    void trainingOverAnExistingRunIsRefused() {
        CommandRun again = train(model, "--steps", "3", "--set", "name=first");
        assertThat(again.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(again.err()).contains("already holds a training run").contains("--resume");
    }

    @Test
    void theSettingsAreListed() {
        CommandRun list = run(new TrainCommand(), "--list-settings");
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains("training.checkpointEvery").contains("data.vocabulary");
    }

    @Test
    void evalPrintsOneJsonObjectOfModelsAndCorpora() throws Exception {
        CommandRun eval =
                CommandRun.evalAsJson(corpus, HOME.dir().resolve("report"), model, otherModel);

        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.out().strip()).doesNotContain("\n");
        JsonNode models = JSON.readTree(eval.out()).get("models");
        assertThat(models.fieldNames()).toIterable().containsExactly("first", "second");
        JsonNode score = models.get("first").get("train");
        assertThat(score.get("tokens").asLong()).isPositive();
        assertThat(score.get("perplexity").asDouble()).isGreaterThan(1.0);
        assertThat(HOME.dir().resolve("report/perplexity.md")).isRegularFile();
        assertThat(HOME.dir().resolve("report/perplexity.png")).isRegularFile();
    }

    @Test
    void scoreWritesTheResultFieldsPerDocument() throws Exception {
        String input =
                "{\"id\":\"doc-1\",\"text\":\"" + SENTENCES[1] + "\"}\n\n" + SENTENCES[0] + "\n";

        CommandRun score =
                runWithInput(
                        new ScoreCommand(),
                        input,
                        "--model",
                        model.toString(),
                        "--token-log-probs");

        assertThat(score.status()).as(score.err()).isZero();
        List<String> lines = score.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.fieldNames())
                .toIterable()
                .containsExactly(
                        "id",
                        "tokens",
                        "logLikelihood",
                        "perplexity",
                        "matchedPositions",
                        "meanMatchLength",
                        "tokenLogProbs");
        assertThat(first.get("id").asText()).isEqualTo("doc-1");
        int tokens = first.get("tokens").asInt();
        assertThat(first.get("tokenLogProbs")).hasSize(tokens - 1);
        assertThat(first.get("perplexity").asDouble())
                .isCloseTo(
                        Math.exp(-first.get("logLikelihood").asDouble() / (tokens - 1)),
                        within(1e-9));
        assertThat(first.get("matchedPositions").asInt()).isPositive();
        assertThat(JSON.readTree(lines.get(1)).get("id").asText()).isEqualTo("3");
    }

    @Test
    void aTableOfAnotherModelIsRefused() throws Exception {
        Path otherTable =
                ModelRepository.forHome(HOME.dir()).table(otherModel, ProgressReporter.silent());

        CommandRun score =
                runWithInput(
                        new ScoreCommand(),
                        "text\n",
                        "--model",
                        model.toString(),
                        "--table",
                        otherTable.toString());

        assertThat(score.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(score.err())
                .startsWith("error: The table " + otherTable + " does not fit this model:");
        assertThat(score.out()).isEmpty();
    }

    @Test
    void generateContinuesThePrompt() throws Exception {
        CommandRun generate =
                run(
                        new GenerateCommand(),
                        "--model",
                        model.toString(),
                        "--prompt",
                        "The jury said",
                        "--max-new-tokens",
                        "4",
                        "--format",
                        "json");

        assertThat(generate.status()).as(generate.err()).isZero();
        JsonNode result = JSON.readTree(generate.out());
        assertThat(result.get("generatedTokens")).hasSize(4);
        assertThat(result.get("modelVersion").asText())
                .isEqualTo(SconeModelIO.readCard(model).modelVersion());
        assertThat(result.get("tableVersion").asText())
                .startsWith(result.get("modelVersion").asText());
        assertThat(Files.exists(HOME.dir().resolve("var/tables"))).isTrue();
    }

    @Test
    void generateAnswersAPromptLongerThanTheContextAndRunsPastIt() throws Exception {
        String longPrompt = "The jury said it was a dark and stormy night in the town. ".repeat(4);
        List<String> args =
                List.of(
                        "--model",
                        model.toString(),
                        "--prompt",
                        longPrompt,
                        "--max-new-tokens",
                        "20",
                        "--temperature",
                        "0");
        List<String> asJson = new ArrayList<>(args);
        asJson.addAll(List.of("--format", "json"));
        CommandRun generate = run(new GenerateCommand(), asJson.toArray(String[]::new));

        assertThat(generate.status()).as(generate.err()).isZero();
        JsonNode result = JSON.readTree(generate.out());
        int promptTokens = result.get("promptTokens").size();
        // Context 16: 20 new tokens leave the prompt half the context, 8 tokens.
        assertThat(promptTokens).isGreaterThan(16);
        assertThat(result.get("promptTokensDropped").asInt()).isEqualTo(promptTokens - 8);
        assertThat(result.get("generatedTokens")).hasSize(20);

        CommandRun text = run(new GenerateCommand(), args.toArray(String[]::new));
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.err())
                .contains("read the last 8 of the prompt's " + promptTokens + " tokens");
    }
}
