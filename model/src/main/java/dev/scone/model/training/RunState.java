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
 */
record RunState(
        String startedAt,
        long tokensSeen,
        double wallSeconds,
        float firstLoss,
        List<Invocation> commands) {

    static final String FILE = "run-state.json";

    private static final ObjectMapper JSON = JsonFiles.MAPPER;

    RunState {
        commands = List.copyOf(commands);
    }

    RunState withProgress(long tokens, double seconds, float loss) {
        return new RunState(startedAt, tokens, seconds, loss, commands);
    }

    RunState withCommand(Invocation invocation) {
        List<Invocation> all = new ArrayList<>(commands);
        all.add(invocation);
        return new RunState(startedAt, tokensSeen, wallSeconds, firstLoss, all);
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
