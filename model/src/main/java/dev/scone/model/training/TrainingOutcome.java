package dev.scone.model.training;

import dev.scone.model.nn.ModelCard;
import java.nio.file.Path;

/**
 * What a finished {@link TrainingRun} produced.
 *
 * @param modelDir the model directory written
 * @param card its model card
 * @param steps steps of the whole run, resumes included
 * @param stepsThisInvocation steps this invocation took (0 when a resume found the run done)
 * @param tokensSeen predictions trained on over the whole run
 * @param wallSeconds training time over the whole run
 * @param firstLoss loss of step 1
 * @param finalLoss loss of the last step
 * @param bestStep the step whose weights the model directory holds: the lowest validation loss, or
 *     the last step when the run measured none
 * @param bestValidationLoss the lowest validation loss, null when the run measured none
 * @param stoppedEarly whether early stopping ended the run
 */
public record TrainingOutcome(
        Path modelDir,
        ModelCard card,
        int steps,
        int stepsThisInvocation,
        long tokensSeen,
        double wallSeconds,
        float firstLoss,
        float finalLoss,
        int bestStep,
        Float bestValidationLoss,
        boolean stoppedEarly) {}
