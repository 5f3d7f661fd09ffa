package dev.scone.model.evaluation;

import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.training.TinyCorpus;
import dev.scone.model.training.TrainingRun;
import dev.scone.model.training.TrainingRunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Tiny SCONE and baseline models trained for a few seconds on {@link TinyCorpus}, for tests. */
final class TrainedModels {

    final Path root;
    final Path corpus;
    final Path scone;
    final Path otherScone;
    final Path baseline;
    final ModelRepository repository;

    private TrainedModels(Path root) throws IOException {
        this.root = root;
        this.corpus = TinyCorpus.write(root.resolve("train.txt"), 120, 1L);
        this.scone = train("scone", 1, 30);
        this.otherScone = train("other", 1, 2);
        this.baseline = train("baseline", 0, 30);
        this.repository = new ModelRepository(root.resolve("pretrained"), root.resolve("tables"));
    }

    static TrainedModels in(Path root) throws IOException {
        return new TrainedModels(root);
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
