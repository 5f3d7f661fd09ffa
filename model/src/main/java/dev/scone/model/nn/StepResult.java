package dev.scone.model.nn;

/**
 * What one optimiser step did.
 *
 * @param step the step's number, 1-based, counted across resumes
 * @param loss mean next-token cross-entropy of the batch before the update, in nats
 * @param learningRate learning rate the update used
 * @param gradNorm global gradient norm before clipping
 * @param tokens predictions the batch trained on
 * @param seconds wall-clock time of the step
 */
public record StepResult(
        int step, float loss, float learningRate, float gradNorm, long tokens, double seconds) {

    /** Training throughput of this step. */
    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : 0;
    }
}
