package dev.scone.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.scone.model.nn.Freeze;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SafetensorsReader;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.TensorDType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init-from}: f-grams added to an existing decoder, which stays exactly as loaded
 * when frozen and moves when trained jointly.
 */
class TrainingRunInitFromTest {

    @TempDir Path dir;

    private Path start;

    /** A baseline in F32 with GPT-2's tied output and tanh GELU, standing in for an import. */
    @BeforeEach
    void saveAStartingModel() throws IOException {
        TinyCorpus.write(dir.resolve("train.txt"), 80, 3L);
        SconeConfig base =
                new SconeConfig(
                        TinyCorpus.VOCAB_SIZE,
                        32,
                        1,
                        2,
                        16,
                        5,
                        0,
                        2,
                        4,
                        0f,
                        3L,
                        SconeConfig.GELU_NEW,
                        1e-5f,
                        null,
                        true,
                        SconeConfig.READOUT_NORM);
        start = dir.resolve("start");
        try (SconeModel model = SconeModel.create(base, Device.cpu())) {
            SconeModelIO.save(
                    start,
                    model,
                    ModelCard.of(base, "start-1", ModelCard.GPT2_TOKENIZER, "", 0),
                    TensorDType.F32,
                    true);
        }
    }

    private TrainingRun run(String output, int steps) {
        List<String> settings = new ArrayList<>();
        settings.add("name=retro");
        settings.add("output=" + output);
        settings.add("model.fgramLayers=1");
        settings.add("model.fgramHeads=2");
        settings.add("training.steps=" + steps);
        settings.add("training.batchSize=4");
        settings.add("training.learningRate=0.01");
        settings.add("training.checkpointEvery=0");
        settings.add("data.train=train.txt");
        settings.add("data.vocabularyBuild.minCount=3");
        return new TrainingRun(TrainingRunConfig.parse("{}", settings), dir)
                .vocabularyBuilder(TinyCorpus.builder());
    }

    private static float[] tensor(Path modelDir, String name) throws IOException {
        try (SafetensorsReader reader =
                SafetensorsReader.open(modelDir.resolve(SconeModelIO.WEIGHTS_FILE))) {
            return reader.readFloats(name);
        }
    }

    @Test
    void aFrozenDecoderIsSavedExactlyAsLoadedWithATrainedFgramModel() throws IOException {
        TrainingRun run = run("frozen", 6).initFrom(start, Freeze.DECODER);
        SconeConfig config = run.config().model();
        assertThat(config.d()).isEqualTo(32);
        assertThat(config.tiedOutputEmbedding()).isTrue();
        assertThat(config.fgramLayers()).isEqualTo(1);
        TrainingOutcome outcome = run.run(false, "scone train --init-from start");
        assertThat(outcome.steps()).isEqualTo(6);

        Path out = dir.resolve("frozen");
        ModelCard card = SconeModelIO.readCard(out);
        assertThat(card.fgramCount()).isPositive();
        assertThat(card.config().activation()).isEqualTo(SconeConfig.GELU_NEW);
        assertThat(Files.exists(out.resolve(SconeModelIO.VOCABULARY_FILE))).isTrue();
        try (SafetensorsReader reader =
                        SafetensorsReader.open(start.resolve(SconeModelIO.WEIGHTS_FILE));
                SafetensorsReader trained =
                        SafetensorsReader.open(out.resolve(SconeModelIO.WEIGHTS_FILE))) {
            for (String name : reader.tensors().keySet()) {
                assertThat(trained.readFloats(name)).as(name).isEqualTo(reader.readFloats(name));
            }
            assertThat(trained.tensors().get("tok_emb.weight").dtype()).isEqualTo(TensorDType.F32);
            assertThat(trained.tensors()).containsKey("fgram.blocks.0.attn.qkv.weight");
        }
        try (SconeModel fresh = SconeModel.create(card.config(), Device.cpu())) {
            float[] initial =
                    fresh.namedParameters()
                            .get("fgram.blocks.0.attn.qkv.weight")
                            .getArray()
                            .toFloatArray();
            assertThat(tensor(out, "fgram.blocks.0.attn.qkv.weight")).isNotEqualTo(initial);
        }
    }

    @Test
    void jointTrainingMovesTheDecoder() throws IOException {
        run("joint", 3).initFrom(start, Freeze.NONE).run(false, "scone train --freeze none");
        Path out = dir.resolve("joint");
        assertThat(tensor(out, "blocks.0.attn.qkv.weight"))
                .isNotEqualTo(tensor(start, "blocks.0.attn.qkv.weight"));
    }

    @Test
    void aFrozenBaselineIsRefused() {
        List<String> settings =
                List.of("model.fgramLayers=0", "data.train=train.txt", "output=baseline");
        TrainingRun run = new TrainingRun(TrainingRunConfig.parse("{}", settings), dir);
        assertThatThrownBy(() -> run.initFrom(start, Freeze.DECODER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--freeze decoder leaves nothing to train in a baseline");
    }
}
