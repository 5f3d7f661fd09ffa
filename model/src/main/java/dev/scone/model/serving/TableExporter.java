package dev.scone.model.serving;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.table.Bf16;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Builds the precomputed table F: runs A_F once over every f-gram of the vocabulary, in batches,
 * and stores the outputs as bf16. From then on inference needs no A_F, only lookups.
 */
public final class TableExporter {

    /** F-grams per A_F forward pass. */
    static final int BATCH = 1024;

    private TableExporter() {}

    /** Version of the table exported from a model and vocabulary: both identify it. */
    public static String tableVersion(ModelCard card, FgramVocabulary vocabulary) {
        return card.modelVersion() + "+" + vocabulary.fingerprint().substring(0, 12);
    }

    /** Runs A_F over every f-gram of {@code vocabulary} into an in-memory table. */
    public static InMemoryFgramTable export(
            SconeModel model,
            ModelCard card,
            FgramVocabulary vocabulary,
            ProgressReporter progress) {
        if (!model.hasFgramEncoder()) {
            throw new IllegalArgumentException(
                    "Model "
                            + card.modelVersion()
                            + " has no f-gram model A_F, so it has no table to build.");
        }
        if (!vocabulary.fingerprint().equals(card.vocabularyFingerprint())) {
            throw new IllegalArgumentException(
                    "The vocabulary (fingerprint "
                            + vocabulary.fingerprint()
                            + ") is not the one model "
                            + card.modelVersion()
                            + " was trained with ("
                            + card.vocabularyFingerprint()
                            + ").");
        }
        int d = model.config().d();
        InMemoryFgramTable table =
                new InMemoryFgramTable(d, card.modelVersion(), tableVersion(card, vocabulary));
        short[] bf16 = new short[d];
        try (Progress bar =
                progress.start("Running A_F over the f-grams", vocabulary.size(), "f-grams")) {
            for (int from = 0; from < vocabulary.size(); from += BATCH) {
                int to = Math.min(vocabulary.size(), from + BATCH);
                int[][] grams = new int[to - from][];
                for (int row = from; row < to; row++) {
                    grams[row - from] = vocabulary.gram(row);
                }
                float[][] vectors = model.fgramEmbeddings(grams);
                for (int i = 0; i < grams.length; i++) {
                    Bf16.toBf16(vectors[i], 0, bf16, 0, d);
                    table.put(grams[i], bf16);
                }
                bar.step(grams.length);
            }
        }
        return table;
    }

    /** Exports the table and saves it to {@code file} atomically. */
    public static void exportTo(
            Path file,
            SconeModel model,
            ModelCard card,
            FgramVocabulary vocabulary,
            ProgressReporter progress)
            throws IOException {
        try (InMemoryFgramTable table = export(model, card, vocabulary, progress)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            FgramTableFile.save(partial, table, vocabulary.fingerprint(), progress);
            Files.move(
                    partial,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
