package dev.scone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SafetensorsWriter;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.TensorDType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code scone model import} as the command line runs it, on a tiny random GPT-2 checkpoint in the
 * layout {@code save_pretrained} writes; the imported directory then goes through score, generate
 * and eval, and each refusal is one sentence with exit status 2.
 */
class ModelImportCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int D = 16;
    private static final int POSITIONS = 32;
    private static final int VOCAB = 50257;

    @RegisterExtension static final TemporarySconeHome HOME = new TemporarySconeHome();

    private static Path model;

    @BeforeAll
    static void importOne() throws IOException {
        Path checkpoint = checkpoint("gpt2-tiny", config -> {}, values -> {});
        model = HOME.dir().resolve("models/gpt2-tiny");
        CommandRun run =
                CommandRun.of(
                        new ModelImportCommand(),
                        "--from",
                        checkpoint.toString(),
                        "--out",
                        model.toString(),
                        "--dtype",
                        "bf16");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Imported gpt2-tiny-")
                .contains("d=16, 1 layers, 2 heads, context 32, output tied to wte")
                .contains("F32 written as BF16");
    }

    /** config.json and model.safetensors as save_pretrained writes them, Conv1D in x out. */
    private static Path checkpoint(
            String name, Consumer<ObjectNode> editConfig, Consumer<Map<String, long[]>> editShapes)
            throws IOException {
        Path dir = Files.createDirectories(HOME.dir().resolve("hf").resolve(name));
        ObjectNode config = JSON.createObjectNode();
        config.put("model_type", "gpt2");
        config.put("n_embd", D);
        config.put("n_layer", 1);
        config.put("n_head", 2);
        config.put("n_positions", POSITIONS);
        config.put("vocab_size", VOCAB);
        config.put("layer_norm_epsilon", 1e-5);
        config.put("activation_function", "gelu_new");
        config.putNull("n_inner");
        editConfig.accept(config);
        Files.writeString(dir.resolve("config.json"), config.toString());
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("transformer.wte.weight", new long[] {VOCAB, D});
        shapes.put("transformer.wpe.weight", new long[] {POSITIONS, D});
        String h = "transformer.h.0.";
        shapes.put(h + "ln_1.weight", new long[] {D});
        shapes.put(h + "ln_1.bias", new long[] {D});
        shapes.put(h + "attn.bias", new long[] {1, 1, POSITIONS, POSITIONS});
        shapes.put(h + "attn.c_attn.weight", new long[] {D, 3 * D});
        shapes.put(h + "attn.c_attn.bias", new long[] {3 * D});
        shapes.put(h + "attn.c_proj.weight", new long[] {D, D});
        shapes.put(h + "attn.c_proj.bias", new long[] {D});
        shapes.put(h + "ln_2.weight", new long[] {D});
        shapes.put(h + "ln_2.bias", new long[] {D});
        shapes.put(h + "mlp.c_fc.weight", new long[] {D, 4 * D});
        shapes.put(h + "mlp.c_fc.bias", new long[] {4 * D});
        shapes.put(h + "mlp.c_proj.weight", new long[] {4 * D, D});
        shapes.put(h + "mlp.c_proj.bias", new long[] {D});
        shapes.put("transformer.ln_f.weight", new long[] {D});
        shapes.put("transformer.ln_f.bias", new long[] {D});
        editShapes.accept(shapes);
        Random random = new Random(5);
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        shapes.forEach((tensor, shape) -> entries.add(new SafetensorsWriter.Entry(tensor, shape)));
        SafetensorsWriter.write(
                dir.resolve("model.safetensors"),
                entries,
                tensor -> {
                    long elements = 1;
                    for (long dimension : shapes.get(tensor)) {
                        elements *= dimension;
                    }
                    float[] values = new float[(int) elements];
                    boolean gain =
                            tensor.endsWith("ln_1.weight")
                                    || tensor.endsWith("ln_2.weight")
                                    || tensor.endsWith("ln_f.weight");
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (gain ? 1f : 0f) + (float) (0.1 * random.nextGaussian());
                    }
                    return values;
                },
                TensorDType.F32,
                Map.of("format", "pt"));
        return dir;
    }

    private static CommandRun importing(Path checkpoint, String out) {
        return CommandRun.of(
                new ModelImportCommand(),
                "--from",
                checkpoint.toString(),
                "--out",
                HOME.dir().resolve(out).toString());
    }

    @Test
    void theImportedDirectoryIsABaselineModelDirectory() throws IOException {
        ModelCard card = SconeModelIO.readCard(model);
        assertThat(card.config().hasFgramEncoder()).isFalse();
        assertThat(card.config().tiedOutputEmbedding()).isTrue();
        assertThat(card.vocabularyFingerprint()).isEmpty();
        try (var files = Files.list(model)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("model-card.json", "model.safetensors");
        }
    }

    @Test
    void scoreGenerateAndEvalTakeTheImportedModel() throws IOException {
        JsonNode scored = scoreOneLine(model, "The jury said it was a dark and stormy night.");
        assertThat(scored.get("perplexity").asDouble()).isGreaterThan(1.0);
        assertThat(scored.get("matchedPositions").asInt()).isZero();

        CommandRun generate =
                CommandRun.of(
                        new GenerateCommand(),
                        "--model",
                        model.toString(),
                        "--prompt",
                        "Once upon a time",
                        "--max-new-tokens",
                        "3",
                        "--format",
                        "json");
        assertThat(generate.status()).as(generate.err()).isZero();
        assertThat(JSON.readTree(generate.out()).get("generatedTokens")).hasSize(3);

        Path corpus = HOME.dir().resolve("corpus.txt");
        CorpusDocuments.write(corpus, List.of("The plan was approved by the city council."));
        CommandRun eval = CommandRun.evalAsJson(corpus, HOME.dir().resolve("report"), model);
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(JSON.readTree(eval.out()).get("models").get("gpt2-tiny")).isNotNull();
    }

    @Test
    void aModelOtherThanGpt2IsRefusedInOneSentence() throws IOException {
        Path bert = checkpoint("bert", config -> config.put("model_type", "bert"), shapes -> {});
        CommandRun run = importing(bert, "out-bert");
        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err().strip())
                .startsWith("error: ")
                .endsWith("describes a bert model, not GPT-2 (model_type gpt2).")
                .doesNotContain("\n");
    }

    @Test
    void anUnknownActivationIsRefusedInOneSentence() throws IOException {
        Path silu =
                checkpoint("silu", config -> config.put("activation_function", "silu"), s -> {});
        CommandRun run = importing(silu, "out-silu");
        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err()).contains("uses the activation silu");
    }

    @Test
    void anotherVocabularyIsRefusedInOneSentence() throws IOException {
        Path other = checkpoint("vocab", config -> config.put("vocab_size", 32000), shapes -> {});
        CommandRun run = importing(other, "out-vocab");
        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err()).contains("has a vocabulary of 32000 tokens, not GPT-2's 50257");
    }

    @Test
    void missingAndMisShapedTensorsAreNamed() throws IOException {
        Path missing =
                checkpoint(
                        "missing",
                        config -> {},
                        shapes -> shapes.remove("transformer.h.0.ln_2.bias"));
        CommandRun lacking = importing(missing, "out-missing");
        assertThat(lacking.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(lacking.err()).contains("lacks tensor h.0.ln_2.bias [16]");

        Path misShaped =
                checkpoint(
                        "shape",
                        config -> {},
                        shapes ->
                                shapes.put("transformer.h.0.mlp.c_fc.weight", new long[] {64, 16}));
        CommandRun wrong = importing(misShaped, "out-shape");
        assertThat(wrong.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(wrong.err())
                .contains(
                        "tensor transformer.h.0.mlp.c_fc.weight has shape [64, 16] but the"
                                + " configuration needs [16, 64].");
    }

    @Test
    void aMissingCheckpointDirectoryIsAUserError() {
        CommandRun run = importing(HOME.dir().resolve("nowhere"), "out-nowhere");
        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err()).contains("does not exist");
    }

    @Test
    void trainInitFromAddsFgramsToTheImportedDecoderAndScoreUsesTheirTable() throws IOException {
        Path corpus = HOME.dir().resolve("retrofit.txt");
        List<String> documents = new ArrayList<>();
        for (int d = 0; d < 16; d++) {
            documents.add("The plan was approved by the city council. The jury said it was fine.");
        }
        CorpusDocuments.write(corpus, documents);
        Path retrofitted = HOME.dir().resolve("models/retrofitted");
        CommandRun train =
                CommandRun.of(
                        new TrainCommand(),
                        "--init-from",
                        model.toString(),
                        "--out",
                        retrofitted.toString(),
                        "--steps",
                        "2",
                        "--set",
                        "name=retrofitted",
                        "--set",
                        "model.fgramLayers=1",
                        "--set",
                        "model.fgramHeads=2",
                        "--set",
                        "training.batchSize=2",
                        "--set",
                        "data.vocabularyBuild.minCount=2",
                        "--set",
                        "data.train=" + corpus);
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.err()).contains("its decoder frozen: only A_F learns");
        ModelCard card = SconeModelIO.readCard(retrofitted);
        assertThat(card.config().hasFgramEncoder()).isTrue();
        assertThat(card.config().contextLength()).isEqualTo(POSITIONS);
        assertThat(card.fgramCount()).isPositive();

        JsonNode scored = scoreOneLine(retrofitted, "The plan was approved by the city council.");
        assertThat(scored.get("matchedPositions").asInt()).isPositive();
    }

    @Test
    void freezeWithoutAStartingModelIsRefused() {
        CommandRun run = CommandRun.of(new TrainCommand(), "--freeze", "decoder");
        assertThat(run.status()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.err()).contains("give --init-from too");
    }

    /**
     * Scores {@code text} as one line of input; the command succeeds, and its result is returned.
     */
    private static JsonNode scoreOneLine(Path model, String text) throws IOException {
        CommandRun score =
                CommandRun.withInput(new ScoreCommand(), text + "\n", "--model", model.toString());
        assertThat(score.status()).as(score.err()).isZero();
        return JSON.readTree(score.out().lines().findFirst().orElseThrow());
    }
}
