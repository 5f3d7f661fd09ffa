package dev.scone.model.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.files.JsonFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a checkpoint records about its run besides the weights and the step count ({@code
 * run-state.json} next to the trainer's own state), so that a resumed run keeps its version, counts
 * its tokens and wall time from the start, and lists every command that worked on it.
 *
 * @param startedAt when the run started, as a compact UTC stamp used in the model version
 * @param tokensSeen predictions trained on up to the checkpoint
 * @param wallSeconds training time up to the checkpoint, over all invocations
 * @param firstLoss the loss of step 1
 * @param commands the invocations so far, the first one first
 * @param bestValidationLoss the lowest validation loss measured so far, null before the first
 * @param bestStep the step it was measured after (the weights the model directory holds), 0 when
 *     none
 * @param validationsSinceBest measurements since the best one, for early stopping
 * @param stoppedEarly whether the run stopped because the validation loss stopped improving
 */
record RunState(
        String startedAt,
        long tokensSeen,
        double wallSeconds,
        float firstLoss,
        List<Invocation> commands,
        Float bestValidationLoss,
        int bestStep,
        int validationsSinceBest,
        boolean stoppedEarly) {

    static final String FILE = "run-state.json";

    private static final ObjectMapper JSON = JsonFiles.MAPPER;

    RunState {
        commands = List.copyOf(commands);
    }

    /** The state of a run that has not taken a step. */
    static RunState start(String startedAt, Invocation invocation) {
        return new RunState(startedAt, 0, 0, Float.NaN, List.of(invocation), null, 0, 0, false);
    }

    RunState withProgress(long tokens, double seconds, float loss) {
        return new RunState(
                startedAt,
                tokens,
                seconds,
                loss,
                commands,
                bestValidationLoss,
                bestStep,
                validationsSinceBest,
                stoppedEarly);
    }

    RunState withCommand(Invocation invocation) {
        List<Invocation> all = new ArrayList<>(commands);
        all.add(invocation);
        return new RunState(
                startedAt,
                tokensSeen,
                wallSeconds,
                firstLoss,
                all,
                bestValidationLoss,
                bestStep,
                validationsSinceBest,
                stoppedEarly);
    }

    /** Whether a validation loss is a new best, by any margin. */
    boolean improvesOn(float validationLoss) {
        return bestValidationLoss == null || validationLoss < bestValidationLoss;
    }

    /** After a validation measurement at {@code step}: a new best, or one more without. */
    RunState withValidation(int step, float validationLoss) {
        boolean best = improvesOn(validationLoss);
        return new RunState(
                startedAt,
                tokensSeen,
                wallSeconds,
                firstLoss,
                commands,
                best ? Float.valueOf(validationLoss) : bestValidationLoss,
                best ? step : bestStep,
                best ? 0 : validationsSinceBest + 1,
                stoppedEarly);
    }

    RunState withStoppedEarly() {
        return withStoppedEarly(true);
    }

    RunState withStoppedEarly(boolean stopped) {
        return new RunState(
                startedAt,
                tokensSeen,
                wallSeconds,
                firstLoss,
                commands,
                bestValidationLoss,
                bestStep,
                validationsSinceBest,
                stopped);
    }

    void write(Path checkpointDir) throws IOException {
        Files.writeString(
                checkpointDir.resolve(FILE), JSON.writeValueAsString(this), StandardCharsets.UTF_8);
    }

    static RunState read(Path checkpointDir) throws IOException {
        Path file = checkpointDir.resolve(FILE);
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), RunState.class);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    checkpointDir
                            + " is not a checkpoint of a training run: it has no "
                            + FILE
                            + ".",
                    e);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
