package dev.scone.model.evaluation;

import dev.scone.model.nn.FgramLookup;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.table.FgramTable;
import dev.scone.model.table.FgramTableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A model ready to serve offline: its weights and, for a SCONE model, its precomputed f-gram table
 * with the lookup every position goes through, exactly as the streaming service looks positions up
 * (longest f-gram of 2..K tokens ending at the position, probed in the table). A baseline has no
 * table and reads the token embedding everywhere.
 *
 * <p>The weights may be shared by several scorers; the table lookup is not thread-safe, so one
 * thread uses a served model at a time.
 */
public final class ServedModel implements AutoCloseable {

    private final String name;
    private final Path dir;
    private final ModelCard card;
    private final SconeModel model;
    private final FgramTable table;
    private final FgramLookup lookup;

    private ServedModel(
            String name,
            Path dir,
            ModelCard card,
            SconeModel model,
            FgramTable table,
            FgramLookup lookup) {
        this.name = name;
        this.dir = dir;
        this.card = card;
        this.model = model;
        this.table = table;
        this.lookup = lookup;
    }

    /**
     * Opens a model by shipped name or directory with its table.
     *
     * @param tableFile the table to use, or null for the model's own (built from A_F and cached on
     *     first use)
     * @throws IllegalArgumentException if the model does not exist, a baseline is given a table, or
     *     the table belongs to another model
     * @throws IOException if a file cannot be read
     */
    public static ServedModel open(
            ModelRepository repository,
            String nameOrDirectory,
            Path tableFile,
            ProgressReporter progress)
            throws IOException {
        Path dir = repository.resolve(nameOrDirectory);
        ModelCard card = repository.card(dir);
        String name =
                repository.shippedNames().contains(nameOrDirectory)
                                && !nameOrDirectory.contains("/")
                        ? nameOrDirectory
                        : dir.toAbsolutePath().normalize().getFileName().toString();
        Path file = null;
        if (!card.config().hasFgramEncoder()) {
            if (tableFile != null) {
                throw new IllegalArgumentException(
                        "Model "
                                + card.modelVersion()
                                + " is a baseline without f-grams, so it takes no table.");
            }
        } else if (tableFile != null) {
            checkTable(tableFile, card);
            file = tableFile;
        } else {
            file = repository.table(dir, progress);
        }
        FgramTable table = file == null ? null : FgramTableFile.load(file, progress);
        try {
            SconeModel model = SconeModelIO.load(dir);
            FgramLookup lookup =
                    table == null ? null : new TableLookup(table, card.config().maxFgramLength());
            return new ServedModel(name, dir, card, model, table, lookup);
        } catch (IOException | RuntimeException e) {
            if (table != null) {
                table.close();
            }
            throw e;
        }
    }

    /**
     * Checks that a table file was exported from this model.
     *
     * @throws IllegalArgumentException saying why the table does not fit
     * @throws NoSuchFileException if the file does not exist
     */
    public static void checkTable(Path tableFile, ModelCard card) throws IOException {
        if (!Files.isRegularFile(tableFile)) {
            throw new NoSuchFileException(tableFile.toString(), null, "no table file");
        }
        try {
            ModelRepository.checkTableMatches(FgramTableFile.readHeader(tableFile), card);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "The table " + tableFile + " does not fit this model: " + e.getMessage(), e);
        }
    }

    /** The name reports use: the shipped name, or the directory's name. */
    public String name() {
        return name;
    }

    /** The model directory. */
    public Path dir() {
        return dir;
    }

    public ModelCard card() {
        return card;
    }

    public SconeModel model() {
        return model;
    }

    /** The f-gram table, or null for a baseline. */
    public FgramTable table() {
        return table;
    }

    /** The table's version, empty for a baseline. */
    public String tableVersion() {
        return table == null ? "" : table.version();
    }

    /** Whether positions read f-gram vectors from a table. */
    public boolean hasTable() {
        return lookup != null;
    }

    /** The model's inputs for a token sequence: every position looked up in the table. */
    public SequenceInput inputs(int[] tokens) {
        return lookup == null
                ? SequenceInput.tokensOnly(tokens)
                : SequenceInput.lookup(tokens, lookup);
    }

    /** The table lookup a generator uses, or null for a baseline. */
    public FgramLookup lookup() {
        return lookup;
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            if (table != null) {
                table.close();
            }
        }
    }
}
