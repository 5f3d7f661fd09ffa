package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a SCONE model end to end: T, A_F and the decoder together, so T learns both from the
 * positions that read it directly and, through A_F, from the f-grams containing its tokens.
 *
 * <p>Each step computes the mean next-token cross-entropy, clips the global gradient norm and
 * applies {@link AdamW} (decoupled weight decay on matrices, none on LayerNorm gains and biases)
 * with a {@link WarmupCosineSchedule}. Steps are counted across resumes: a trainer built for a
 * checkpoint continues the schedule where the checkpoint stopped, and {@link
 * TrainingCheckpoint#newTrainer} restores AdamW's moments too, so a resumed run takes the same
 * steps as one that was never interrupted.
 *
 * <p>A trainer may leave part of the model as it is ({@link Freeze}): frozen weights get no
 * gradient, no update and no weight decay, and take no part in the gradient norm.
 *
 * <p>Not thread-safe; PyTorch allows one gradient recording at a time per process, so run one
 * trainer at a time.
 */
public final class SconeTrainer {

    private final SconeModel model;
    private final TrainingConfig config;
    private final WarmupCosineSchedule schedule;
    private final List<NDArray> weights = new ArrayList<>();
    private final Freeze freeze;
    private final AdamW optimizer;
    private int completedSteps;
    private StepTimes lastStepTimes = StepTimes.NONE;

    /** A trainer starting at step 0. */
    public SconeTrainer(SconeModel model, TrainingConfig config) {
        this(model, config, 0);
    }

    /**
     * A trainer continuing after {@code completedSteps} steps, as when resuming a checkpoint: the
     * learning-rate schedule continues, AdamW's moments start from zero ({@link
     * TrainingCheckpoint#newTrainer} restores them).
     */
    public SconeTrainer(SconeModel model, TrainingConfig config, int completedSteps) {
        this(model, config, completedSteps, Freeze.NONE);
    }

    /**
     * A trainer continuing after {@code completedSteps} steps that trains only what {@code freeze}
     * leaves free; the frozen weights stop recording gradients for as long as the model lives.
     *
     * @throws IllegalArgumentException if {@code freeze} leaves nothing to train
     */
    public SconeTrainer(
            SconeModel model, TrainingConfig config, int completedSteps, Freeze freeze) {
        this.model = model;
        this.config = config;
        this.schedule = WarmupCosineSchedule.of(config);
        this.completedSteps = completedSteps;
        this.freeze = Objects.requireNonNull(freeze, "freeze");
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> parameter : model.namedParameters().entrySet()) {
            if (!freeze.trains(parameter.getKey())) {
                // No gradient is computed for it, which also saves the backward pass that work.
                parameter.getValue().freeze(true);
                continue;
            }
            named.put(parameter.getKey(), parameter.getValue().getArray());
            weights.add(parameter.getValue().getArray());
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException(
                    "Freezing the "
                            + freeze.name().toLowerCase(Locale.ROOT)
                            + " leaves nothing to train: this model has no f-gram model A_F.");
        }
        // The moments live as long as the model: its manager owns theirs.
        this.optimizer = new AdamW(named, config, model.newManager());
    }

    public SconeModel model() {
        return model;
    }

    public TrainingConfig config() {
        return config;
    }

    /** What this trainer leaves as it is. */
    public Freeze freeze() {
        return freeze;
    }

    /** Steps taken so far, including those before a resume. */
    public int completedSteps() {
        return completedSteps;
    }

    /** The optimiser, whose moments a checkpoint saves and restores. */
    AdamW optimizer() {
        return optimizer;
    }

    /**
     * One optimiser step on {@code batch} at the schedule's learning rate for the step.
     *
     * @throws IllegalArgumentException if the batch breaks the model's limits
     * @throws IllegalStateException if the loss is not finite (training diverged)
     */
    public StepResult step(TrainingBatch batch) {
        return step(batch, schedule.getNewValue(completedSteps + 1));
    }

    /**
     * One optimiser step on {@code batch} at {@code learningRate}, whatever the schedule says; the
     * learning-rate range test sweeps the rate this way.
     *
     * @throws IllegalArgumentException if the batch breaks the model's limits
     * @throws IllegalStateException if the loss is not finite (training diverged)
     */
    public StepResult step(TrainingBatch batch, float learningRate) {
        long started = System.nanoTime();
        int stepNumber = completedSteps + 1;
        if (model.config().dropout() > 0) {
            // Ties dropout masks to the step number, so a resumed run draws what the original
            // run would have drawn.
            Engines.get().setRandomSeed((int) (config.seed() * 31 + stepNumber));
        }
        float loss;
        float gradNorm;
        long forwardDone;
        long backwardDone;
        try (NDManager owner = model.newManager()) {
            try (GradientCollector collector = Engines.get().newGradientCollector()) {
                NDArray lossArray = model.loss(owner, batch.tokens(), batch.matchLengths(), true);
                forwardDone = System.nanoTime();
                collector.backward(lossArray);
                loss = lossArray.getFloat();
                backwardDone = System.nanoTime();
            }
            if (!Float.isFinite(loss)) {
                zeroGradients();
                throw new IllegalStateException(
                        "Training diverged: the loss became "
                                + loss
                                + " at step "
                                + stepNumber
                                + ".");
            }
            try (InferenceMode ignored = InferenceMode.enter()) {
                gradNorm = clipGradients(owner);
                optimizer.step(learningRate);
                zeroGradients();
            }
        }
        completedSteps = stepNumber;
        long finished = System.nanoTime();
        lastStepTimes =
                new StepTimes(
                        (forwardDone - started) / 1e9,
                        (backwardDone - forwardDone) / 1e9,
                        (finished - backwardDone) / 1e9);
        double seconds = (finished - started) / 1e9;
        return new StepResult(
                stepNumber, loss, learningRate, gradNorm, batch.predictions(), seconds);
    }

    /**
     * Where the last step's time went: the forward pass with the loss (token and f-gram embedding,
     * decoder, the V-way output layer, log-softmax), the backward pass, and the update (gradient
     * clipping, AdamW, zeroing the gradients). PyTorch runs CPU operators synchronously, so the
     * three add up to the step's wall time.
     *
     * @param forwardSeconds the forward pass and the loss
     * @param backwardSeconds back-propagation
     * @param updateSeconds clipping, AdamW and zeroing
     */
    public record StepTimes(double forwardSeconds, double backwardSeconds, double updateSeconds) {

        public static final StepTimes NONE = new StepTimes(0, 0, 0);

        /** The sum of two breakdowns, for totals over steps. */
        public StepTimes plus(StepTimes other) {
            return new StepTimes(
                    forwardSeconds + other.forwardSeconds,
                    backwardSeconds + other.backwardSeconds,
                    updateSeconds + other.updateSeconds);
        }
    }

    /** The breakdown of the last step, {@link StepTimes#NONE} before the first. */
    public StepTimes lastStepTimes() {
        return lastStepTimes;
    }

    /**
     * Scales every gradient by one factor so their global L2 norm is at most the limit. The squared
     * norms are summed on the engine and read back once, not once per parameter.
     */
    private float clipGradients(NDManager owner) {
        NDArray sumOfSquares = owner.zeros(new Shape());
        for (NDArray weight : weights) {
            // Results of operations on a gradient land in the model's manager: close them all.
            try (NDArray gradient = weight.getGradient();
                    NDArray squares = gradient.square();
                    NDArray sum = squares.sum()) {
                sumOfSquares.addi(sum);
            }
        }
        float norm = (float) Math.sqrt(sumOfSquares.getFloat());
        float limit = config.maxGradNorm();
        if (limit > 0 && norm > limit) {
            float scale = limit / (norm + 1e-6f);
            for (NDArray weight : weights) {
                try (NDArray gradient = weight.getGradient()) {
                    gradient.muli(scale);
                }
            }
        }
        return norm;
    }

    private void zeroGradients() {
        try (InferenceMode ignored = InferenceMode.enter()) {
            for (NDArray weight : weights) {
                try (NDArray gradient = weight.getGradient()) {
                    gradient.subi(gradient);
                }
            }
        }
    }

    /**
     * Takes up to {@code steps} steps over {@code batches}, reporting loss and throughput.
     *
     * @return totals of the steps taken (fewer than {@code steps} if the batches run out)
     */
    public TrainingSummary train(
            Iterator<TrainingBatch> batches, int steps, ProgressReporter reporter) {
        int taken = 0;
        long tokens = 0;
        double seconds = 0;
        float firstLoss = Float.NaN;
        float lastLoss = Float.NaN;
        try (Progress progress = reporter.start("Training", steps, "steps")) {
            while (taken < steps && batches.hasNext()) {
                StepResult result = step(batches.next());
                taken++;
                tokens += result.tokens();
                seconds += result.seconds();
                if (taken == 1) {
                    firstLoss = result.loss();
                }
                lastLoss = result.loss();
                progress.step(1);
                progress.status(
                        String.format(
                                Locale.ROOT,
                                "loss %.4f, lr %.2e, %.0f tokens/s",
                                result.loss(),
                                result.learningRate(),
                                tokens / Math.max(seconds, 1e-9)));
            }
        }
        return new TrainingSummary(taken, tokens, seconds, firstLoss, lastLoss);
    }

    /**
     * Saves the model (F32, A_F included), AdamW's moments and the step count to {@code dir};
     * {@link TrainingCheckpoint#load} resumes from it.
     */
    public void saveCheckpoint(Path dir, ModelCard card) throws IOException {
        TrainingCheckpoint.save(dir, this, card);
    }
}
