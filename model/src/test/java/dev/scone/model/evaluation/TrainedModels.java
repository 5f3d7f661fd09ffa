package dev.scone.model.evaluation;

import dev.scone.model.files.Directories;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.training.TinyCorpus;
import dev.scone.model.training.TrainingRun;
import dev.scone.model.training.TrainingRunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tiny SCONE and baseline models trained for a few seconds on {@link TinyCorpus}, once per test
 * class that holds this as a static {@code @RegisterExtension} field, in a temporary folder that is
 * deleted after the class.
 */
final class TrainedModels implements BeforeAllCallback, AfterAllCallback {

    Path root;
    Path corpus;
    Path scone;
    Path otherScone;
    Path baseline;
    ModelRepository repository;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("trained-models");
        corpus = TinyCorpus.write(root.resolve("train.txt"), 120, 1L);
        scone = train("scone", 1, 30);
        otherScone = train("other", 1, 2);
        baseline = train("baseline", 0, 30);
        repository = new ModelRepository(root.resolve("pretrained"), root.resolve("tables"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Directories.deleteRecursively(root);
    }

    private Path train(String name, int fgramLayers, int steps) throws IOException {
        TrainingRunConfig config =
                TrainingRunConfig.parse(
                        "{}",
                        List.of(
                                "name=" + name,
                                "output=models/" + name,
                                "model=" + TinyCorpus.config(fgramLayers).toJson(),
                                "training.steps=" + steps,
                                "training.batchSize=8",
                                "training.learningRate=0.01",
                                "data.train=train.txt",
                                "data.vocabularyBuild.minCount=3"));
        return new TrainingRun(config, root)
                .vocabularyBuilder(TinyCorpus.builder())
                .run(false, "test")
                .modelDir();
    }

    ServedModel open(Path model) throws IOException {
        return ServedModel.open(repository, model.toString(), null, ProgressReporter.silent());
    }
}
