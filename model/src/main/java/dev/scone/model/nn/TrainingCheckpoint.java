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
 * A training checkpoint: a full model directory (see {@link SconeModelIO}) plus {@code
 * trainer-state.json} with the training configuration and the number of completed steps. The random
 * seed for a step derives from the configuration and the step number, so nothing else is needed to
 * continue the same sequence of steps; the caller feeds the batches that follow.
 *
 * @param model the restored model; the caller closes it
 * @param card the restored model card
 * @param config the training configuration of the run
 * @param completedSteps steps the run had taken
 */
public record TrainingCheckpoint(
        SconeModel model, ModelCard card, TrainingConfig config, int completedSteps) {

    public static final String STATE_FILE = "trainer-state.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What {@code trainer-state.json} holds. */
    record TrainerState(int completedSteps, TrainingConfig training) {}

    /** A trainer that continues this checkpoint's run. */
    public SconeTrainer newTrainer() {
        return new SconeTrainer(model, config, completedSteps);
    }

    static void save(Path dir, SconeTrainer trainer, ModelCard card) throws IOException {
        SconeModelIO.save(dir, trainer.model(), card);
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
        return new TrainingCheckpoint(model, card, state.training(), state.completedSteps());
    }
}
