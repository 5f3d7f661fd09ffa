package dev.scone.model.nn;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A training checkpoint, everything a run needs to continue exactly where it stopped:
 *
 * <pre>
 *   model-card.json        {@link ModelCard}
 *   model.safetensors      every weight in F32, A_F included (see {@link SconeModelIO})
 *   optimizer.safetensors  AdamW's moments and step count, F32 (see {@link AdamW})
 *   trainer-state.json     the training configuration and the number of completed steps
 * </pre>
 *
 * The random seed for a step derives from the configuration and the step number, so nothing else is
 * needed to continue the same sequence of steps; the caller feeds the batches that follow.
 * Checkpoints written before the moments were saved have no {@code optimizer.safetensors}; they
 * still resume, with AdamW's moments starting from zero ({@link #hasOptimizerState()} tells).
 *
 * @param dir the directory the checkpoint was loaded from
 * @param model the restored model; the caller closes it
 * @param card the restored model card
 * @param config the training configuration of the run
 * @param completedSteps steps the run had taken
 */
public record TrainingCheckpoint(
        Path dir, SconeModel model, ModelCard card, TrainingConfig config, int completedSteps) {

    public static final String STATE_FILE = "trainer-state.json";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What {@code trainer-state.json} holds. */
    record TrainerState(int completedSteps, TrainingConfig training) {}

    /** Whether this checkpoint holds AdamW's moments; without them a resume restarts them at 0. */
    public boolean hasOptimizerState() {
        return Files.isRegularFile(dir.resolve(OPTIMIZER_FILE));
    }

    /**
     * A trainer that continues this checkpoint's run with its own configuration.
     *
     * @throws IOException if the saved optimiser state cannot be read or does not fit the model
     */
    public SconeTrainer newTrainer() throws IOException {
        return newTrainer(config);
    }

    /**
     * A trainer that continues this checkpoint's run under {@code config}, as when a resume asks
     * for more steps: the step count, the weights and (when saved) AdamW's moments carry over.
     *
     * @throws IOException if the saved optimiser state cannot be read or does not fit the model
     */
    public SconeTrainer newTrainer(TrainingConfig config) throws IOException {
        return newTrainer(config, Freeze.NONE);
    }

    /**
     * A trainer that continues this checkpoint's run under {@code config}, training only what
     * {@code freeze} leaves free; the run must have been frozen the same way, since AdamW's moments
     * exist only for the weights that trained.
     *
     * @throws IOException if the saved optimiser state cannot be read or does not fit the model
     */
    public SconeTrainer newTrainer(TrainingConfig config, Freeze freeze) throws IOException {
        SconeTrainer trainer = new SconeTrainer(model, config, completedSteps, freeze);
        if (hasOptimizerState()) {
            trainer.optimizer().load(dir.resolve(OPTIMIZER_FILE));
        }
        return trainer;
    }

    static void save(Path dir, SconeTrainer trainer, ModelCard card) throws IOException {
        SconeModelIO.save(dir, trainer.model(), card);
        trainer.optimizer().save(dir.resolve(OPTIMIZER_FILE));
        TrainerState state = new TrainerState(trainer.completedSteps(), trainer.config());
        Files.writeString(
                dir.resolve(STATE_FILE), JSON.writeValueAsString(state), StandardCharsets.UTF_8);
    }

    /** Loads a checkpoint onto the preferred device. */
    public static TrainingCheckpoint load(Path dir) throws IOException {
        return load(dir, SconeModel.preferredDevice());
    }

    /**
     * Loads a checkpoint onto {@code device}.
     *
     * @throws IOException if a file is missing or invalid, naming it
     */
    public static TrainingCheckpoint load(Path dir, Device device) throws IOException {
        Path stateFile = dir.resolve(STATE_FILE);
        TrainerState state;
        try {
            state = JSON.readValue(Files.readString(stateFile), TrainerState.class);
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " is not a checkpoint: it has no " + STATE_FILE + ".", e);
        } catch (JsonProcessingException e) {
            throw new IOException(stateFile + " is not valid: " + e.getOriginalMessage(), e);
        }
        ModelCard card = SconeModelIO.readCard(dir);
        SconeModel model = SconeModelIO.load(dir, device);
        return new TrainingCheckpoint(dir, model, card, state.training(), state.completedSteps());
    }
}
