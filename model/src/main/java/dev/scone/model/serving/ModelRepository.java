package dev.scone.model.serving;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.TableHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds models by name or directory and keeps their exported tables. Shipped models live in git
 * under {@code model/pretrained/NAME}; a model's table is built from it on first use and cached
 * outside git under {@code var/tables}, keyed by model version so a retrained model never meets a
 * stale table.
 */
public final class ModelRepository {

    private final Path pretrainedDir;
    private final Path tableCacheDir;

    public ModelRepository(Path pretrainedDir, Path tableCacheDir) {
        this.pretrainedDir = pretrainedDir;
        this.tableCacheDir = tableCacheDir;
    }

    /** The repository of a checkout: shipped models and the table cache under its root. */
    public static ModelRepository forHome(Path home) {
        return new ModelRepository(home.resolve("model/pretrained"), home.resolve("var/tables"));
    }

    /** Names of the shipped models. */
    public List<String> shippedNames() {
        if (!Files.isDirectory(pretrainedDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(pretrainedDir)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve(SconeModelIO.CARD_FILE)))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The directory of a model given by shipped name or by path.
     *
     * @throws IllegalArgumentException naming the shipped models when neither exists
     */
    public Path resolve(String nameOrDirectory) {
        Path shipped = pretrainedDir.resolve(nameOrDirectory);
        if (!nameOrDirectory.contains("/")
                && Files.isRegularFile(shipped.resolve(SconeModelIO.CARD_FILE))) {
            return shipped;
        }
        Path dir = Path.of(nameOrDirectory);
        if (Files.isRegularFile(dir.resolve(SconeModelIO.CARD_FILE))) {
            return dir;
        }
        throw new IllegalArgumentException(
                "No model '"
                        + nameOrDirectory
                        + "': it is neither a shipped model ("
                        + String.join(", ", shippedNames())
                        + ") nor a directory holding "
                        + SconeModelIO.CARD_FILE
                        + ".");
    }

    /** The model's card, without loading its weights. */
    public ModelCard card(Path modelDir) throws IOException {
        return SconeModelIO.readCard(modelDir);
    }

    /** The f-gram vocabulary the model was trained with. */
    public FgramVocabulary vocabulary(Path modelDir) throws IOException {
        return FgramVocabularyFile.read(modelDir.resolve(SconeModelIO.VOCABULARY_FILE));
    }

    /**
     * The model's exported table file, building and caching it first if needed. Baseline models (no
     * A_F) have none.
     *
     * @throws IllegalArgumentException for a model without A_F
     */
    public Path table(Path modelDir, ProgressReporter progress) throws IOException {
        ModelCard card = card(modelDir);
        if (!card.config().hasFgramEncoder()) {
            throw new IllegalArgumentException(
                    "Model "
                            + card.modelVersion()
                            + " is a baseline without f-grams; it has no table.");
        }
        Path file =
                tableCacheDir.resolve(
                        modelDir.getFileName() + "-" + sanitize(card.modelVersion()) + ".sctbl");
        if (Files.isRegularFile(file) && matches(file, card)) {
            return file;
        }
        FgramVocabulary vocabulary = vocabulary(modelDir);
        try (SconeModel model = SconeModelIO.load(modelDir)) {
            TableExporter.exportTo(file, model, card, vocabulary, progress);
        }
        return file;
    }

    /**
     * Checks that a table belongs to a model: same dimension, model version and vocabulary.
     *
     * @throws IllegalArgumentException saying what differs
     */
    public static void checkTableMatches(TableHeader header, ModelCard card) {
        if (header.dimension() != card.config().d()) {
            throw new IllegalArgumentException(
                    "The table's vectors have dimension "
                            + header.dimension()
                            + " but model "
                            + card.modelVersion()
                            + " needs "
                            + card.config().d()
                            + ".");
        }
        if (!header.modelVersion().equals(card.modelVersion())) {
            throw new IllegalArgumentException(
                    "The table was exported from model "
                            + header.modelVersion()
                            + ", not from "
                            + card.modelVersion()
                            + ".");
        }
        if (!header.vocabularyFingerprint().isEmpty()
                && !header.vocabularyFingerprint().equals(card.vocabularyFingerprint())) {
            throw new IllegalArgumentException(
                    "The table was built over another f-gram vocabulary than model "
                            + card.modelVersion()
                            + " was trained with.");
        }
    }

    private static boolean matches(Path file, ModelCard card) {
        try {
            checkTableMatches(FgramTableFile.readHeader(file), card);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String sanitize(String version) {
        return version.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
