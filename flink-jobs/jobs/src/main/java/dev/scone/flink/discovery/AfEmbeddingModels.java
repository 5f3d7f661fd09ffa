package dev.scone.flink.discovery;

import ai.djl.Device;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A_F of a model directory, loaded with DJL on the CPU (the embedding runs off the accelerator, as
 * the paper's table building does): the same {@link SconeModel#fgramEmbeddings} that {@code scone
 * table build} runs over the vocabulary, so a discovered entry is what building the table with that
 * f-gram in the vocabulary would have stored.
 */
public final class AfEmbeddingModels implements FgramEmbeddingModelFactory {

    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final int cpuThreads;

    /**
     * @param modelDir the model directory, reachable from every TaskManager
     * @param cpuThreads PyTorch threads per embedder; 0 leaves PyTorch's default
     */
    public AfEmbeddingModels(String modelDir, int cpuThreads) {
        this.modelDir = modelDir;
        this.cpuThreads = cpuThreads;
    }

    /**
     * Why {@code modelDir} cannot be used for discovery, as one sentence, or null when it holds
     * A_F.
     */
    public static String problem(Path modelDir) throws IOException {
        String version = SconeModelIO.readCard(modelDir).modelVersion();
        if (!SconeModelIO.readCard(modelDir).config().hasFgramEncoder()
                || !SconeModelIO.hasFgramEncoderWeights(modelDir)) {
            return "Model "
                    + version
                    + " has no f-gram model A_F, so it cannot embed the n-grams discovery finds;"
                    + " use a SCONE model whose directory holds A_F (such as the shipped 'scone').";
        }
        if (!Files.isRegularFile(modelDir.resolve(SconeModelIO.VOCABULARY_FILE))) {
            return "Model "
                    + version
                    + " has no "
                    + SconeModelIO.VOCABULARY_FILE
                    + ", so discovery cannot tell its own f-grams from discovered ones.";
        }
        return null;
    }

    @Override
    public FgramEmbeddingModel open() throws IOException {
        if (cpuThreads > 0) {
            SconeModel.setCpuThreads(cpuThreads);
        }
        SconeModel model = SconeModelIO.load(Path.of(modelDir), Device.cpu());
        if (!model.hasFgramEncoder()) {
            model.close();
            throw new IOException(modelDir + " holds no f-gram model A_F.");
        }
        return new FgramEmbeddingModel() {
            @Override
            public float[][] embed(int[][] fgrams) {
                return model.fgramEmbeddings(fgrams);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }
}
