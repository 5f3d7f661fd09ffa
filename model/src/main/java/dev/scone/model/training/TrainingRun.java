package dev.scone.model.training;

import ai.djl.engine.Engine;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.fgram.VocabularyMetadata;
import dev.scone.model.files.Directories;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.nn.Freeze;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SafetensorsReader;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.SconeTrainer;
import dev.scone.model.nn.StepResult;
import dev.scone.model.nn.TensorDType;
import dev.scone.model.nn.TensorInfo;
import dev.scone.model.nn.TrainingCheckpoint;
import dev.scone.model.nn.TrainingConfig;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One training run, from a {@link TrainingRunConfig} to a model directory that the serving code
 * loads:
 *
 * <pre>
 *   model-card.json     configuration, tokenizer, vocabulary fingerprint, version
 *   model.safetensors   the weights in bf16, A_F included (the f-gram table is built from it)
 *   vocabulary.avro     the f-gram vocabulary, counted over the training corpus only
 *   training.json       {@link TrainingRecord}: commands, tokens seen, wall time, machine
 *   loss-curve.csv/png  {@link LossCurve}; the chart marks the validation losses
 *   validation-curve.csv {@link ValidationCurve}, when {@code data.validation} is given
 *   checkpoint/         the latest {@link TrainingCheckpoint} (F32 weights and AdamW moments)
 * </pre>
 *
 * <p>A checkpoint is written every {@code training.checkpointEvery} steps and at the end, first
 * into a sibling folder that then replaces the old one, so an interrupted run always leaves a whole
 * checkpoint. Resuming continues the step count, AdamW's moments, the batch sequence ({@link
 * WindowBatches}), the loss curve and the tokens and time counted, so a run interrupted and resumed
 * takes the same steps as one that was not; the learning-rate schedule follows the configuration
 * given to the resume, so a resume with more steps extends the run. The model version is the name,
 * the run's start time and the step count, so a model trained further never shares a version (and a
 * cached table) with its earlier self.
 *
 * <p>With {@code data.validation}, the run measures the {@link ValidationLoss} every {@code
 * training.validateEvery} steps and at the end. The model directory then holds the weights of the
 * lowest validation loss so far (saved when it is measured; the checkpoint keeps the latest weights
 * for resuming), and with {@code training.patience} the run stops once that many measurements in a
 * row bring no new best. The best loss, its step and the measurements since it are part of the
 * checkpoint's run state, so early stopping carries across resumes; a resume with a larger patience
 * continues a run that stopped early.
 */
public final class TrainingRun {

    public static final String CHECKPOINT_DIR = "checkpoint";
    public static final String LOSS_CSV = "loss-curve.csv";
    public static final String LOSS_PNG = "loss-curve.png";
    public static final String VALIDATION_CSV = "validation-curve.csv";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private TrainingRunConfig config;
    private final Path baseDir;
    private Path initFrom;
    private ModelCard initCard;
    private Freeze freeze = Freeze.NONE;
    private TensorDType initDtype;
    private ProgressReporter progress = ProgressReporter.silent();
    private Consumer<String> log = line -> {};
    private VocabularyBuilder vocabularyBuilder;
    private int stepLimit = Integer.MAX_VALUE;
    private Duration timeLimit;

    /**
     * @param baseDir the directory relative paths of the configuration are resolved against
     */
    public TrainingRun(TrainingRunConfig config, Path baseDir) {
        this.config = Objects.requireNonNull(config, "config");
        this.baseDir = baseDir.toAbsolutePath().normalize();
    }

    /** Shows reading and training progress on {@code reporter}. */
    public TrainingRun progress(ProgressReporter reporter) {
        this.progress = Objects.requireNonNull(reporter, "reporter");
        return this;
    }

    /** Receives one line for each stage of the run (vocabulary, corpus, checkpoints). */
    public TrainingRun log(Consumer<String> lines) {
        this.log = Objects.requireNonNull(lines, "lines");
        return this;
    }

    /**
     * Ends this invocation after {@code steps} steps or {@code time} of training, whichever comes
     * first (null: no time limit), with a checkpoint and a usable model directory, so a long run
     * can be trained in parts: each {@code --resume} takes the next part, and the parts together
     * take exactly the steps of one uninterrupted run.
     */
    public TrainingRun limit(int steps, Duration time) {
        if (steps < 1) {
            throw new IllegalArgumentException("A step limit must be at least 1, not " + steps);
        }
        this.stepLimit = steps;
        this.timeLimit = time;
        return this;
    }

    /** Builds the vocabulary when the configured file does not exist yet. */
    public TrainingRun vocabularyBuilder(VocabularyBuilder builder) {
        this.vocabularyBuilder = builder;
        return this;
    }

    /**
     * Starts from the model in {@code modelDir} instead of random weights: its decoder, T and
     * output projection are loaded and A_F ({@code model.fgramLayers} layers of {@code
     * model.fgramHeads} heads, initialised from {@code model.seed}) is added, unless the model
     * already has one of that shape. Every other model setting comes from the model's card. With
     * {@link Freeze#DECODER} only A_F learns: retrofitting f-grams onto a pretrained decoder, where
     * the paper trains everything jointly from scratch.
     *
     * @throws IllegalArgumentException if A_F's heads do not divide the model's width, or {@code
     *     freeze} leaves nothing to train
     * @throws IOException if the model's card cannot be read
     */
    public TrainingRun initFrom(Path modelDir, Freeze freeze) throws IOException {
        ModelCard card = SconeModelIO.readCard(modelDir);
        SconeConfig model =
                card.config()
                        .withFgramEncoder(config.model().fgramLayers(), config.model().fgramHeads())
                        .withSeed(config.model().seed());
        if (freeze == Freeze.DECODER && !model.hasFgramEncoder()) {
            throw new IllegalArgumentException(
                    "--freeze decoder leaves nothing to train in a baseline; give A_F layers"
                            + " (model.fgramLayers) or train with --freeze none.");
        }
        this.config =
                new TrainingRunConfig(
                        config.name(), config.output(), model, config.training(), config.data());
        this.initFrom = modelDir;
        this.initCard = card;
        try (SafetensorsReader reader =
                SafetensorsReader.open(modelDir.resolve(SconeModelIO.WEIGHTS_FILE))) {
            // Saved as precisely as it came, so a frozen decoder stays exactly the one loaded.
            this.initDtype =
                    reader.tensors().values().stream()
                            .map(TensorInfo::dtype)
                            .filter(dtype -> dtype == TensorDType.F32)
                            .findAny()
                            .orElse(reader.tensors().values().iterator().next().dtype());
        }
        this.freeze = Objects.requireNonNull(freeze, "freeze");
        return this;
    }

    /** The configuration this run trains with (the model's shape from its start, if any). */
    public TrainingRunConfig config() {
        return config;
    }

    /** The model directory this run writes. */
    public Path outputDir() {
        String output = config.output() == null ? "var/models/" + config.name() : config.output();
        return baseDir.resolve(output).normalize();
    }

    /** The validation corpus inputs, resolved; empty when the run measures none. */
    public List<Path> validationInputs() {
        List<Path> inputs = new ArrayList<>();
        for (String input : config.data().validation()) {
            inputs.add(baseDir.resolve(input).normalize());
        }
        return inputs;
    }

    /** The training corpus inputs, resolved. */
    public List<Path> trainInputs() {
        List<Path> inputs = new ArrayList<>();
        for (String input : config.data().train()) {
            inputs.add(baseDir.resolve(input).normalize());
        }
        return inputs;
    }

    /** Reads a split into windows of C tokens, matched against the vocabulary when there is one. */
    private TrainingCorpus readCorpus(List<Path> inputs, FgramVocabulary vocabulary)
            throws IOException {
        return TrainingCorpus.read(
                inputs,
                vocabulary == null ? null : LongestMatcher.of(vocabulary),
                config.model().contextLength(),
                config.model().vocabSize(),
                progress);
    }

    /** The vocabulary file this run reads, or builds when it is missing; null for a baseline. */
    public Path vocabularyFile() {
        if (config.baseline()) {
            return null;
        }
        String vocabulary = config.data().vocabulary();
        return vocabulary == null
                ? outputDir().resolve(SconeModelIO.VOCABULARY_FILE)
                : baseDir.resolve(vocabulary).normalize();
    }

    /**
     * Trains, or resumes the run in the output directory, and writes the model directory.
     *
     * @param resume continue from the output directory's checkpoint instead of starting
     * @param command the command line, recorded in {@code training.json}
     * @throws IllegalArgumentException for a setting, corpus, vocabulary or output directory that
     *     does not allow the run, in one sentence
     * @throws IOException if reading or writing files fails
     */
    public TrainingOutcome run(boolean resume, String command) throws IOException {
        Path out = outputDir();
        Path checkpointDir = out.resolve(CHECKPOINT_DIR);
        checkOutput(resume);
        Files.createDirectories(out);

        FgramVocabulary vocabulary = loadVocabulary();
        TrainingCorpus corpus = readCorpus(trainInputs(), vocabulary);
        if (vocabulary != null) {
            checkVocabularyCorpus(vocabulary.metadata(), corpus);
        }
        log.accept(
                String.format(
                        Locale.ROOT,
                        "Training corpus: %,d documents, %,d tokens, %,d windows of up to %d"
                                + " tokens; %.1f%% of positions read an f-gram.",
                        corpus.documents(),
                        corpus.tokens(),
                        corpus.windows().size(),
                        config.model().contextLength(),
                        100.0 * matchedFraction(corpus)));

        ValidationLoss validation = null;
        if (config.validates()) {
            TrainingCorpus validationCorpus = readCorpus(validationInputs(), vocabulary);
            validation =
                    ValidationLoss.of(
                            validationCorpus,
                            config.training().validationWindows(),
                            config.training().batchSize());
            log.accept(
                    String.format(
                            Locale.ROOT,
                            "Validation: %,d windows, %,d predictions, every %s.",
                            validation.windows(),
                            validation.predictions(),
                            config.training().validateEvery() == 0
                                    ? "run (at the end only)"
                                    : config.training().validateEvery() + " steps"));
        }

        String fingerprint = vocabulary == null ? "" : vocabulary.fingerprint();
        String invokedAt = Instant.now().toString();
        TrainingCheckpoint checkpoint = resume ? TrainingCheckpoint.load(checkpointDir) : null;
        if (initFrom != null && !resume) {
            log.accept(
                    "Starting from "
                            + initCard.modelVersion()
                            + (freeze == Freeze.DECODER
                                    ? ", its decoder frozen: only A_F learns."
                                    : ", every weight learning."));
        }
        try (SconeModel model =
                resume
                        ? checkpoint.model()
                        : initFrom != null
                                ? SconeModelIO.initFrom(
                                        initFrom, config.model(), SconeModel.preferredDevice())
                                : SconeModel.create(config.model())) {
            int completed = 0;
            RunState state;
            if (resume) {
                checkResumable(checkpoint.card(), fingerprint, checkpointDir);
                completed = checkpoint.completedSteps();
                state =
                        RunState.read(checkpointDir)
                                .withCommand(new Invocation(invokedAt, command, completed));
                log.accept(
                        "Resuming "
                                + checkpoint.card().modelVersion()
                                + " at step "
                                + completed
                                + ".");
            } else {
                String startedAt = STAMP.format(Instant.now());
                state = RunState.start(startedAt, new Invocation(invokedAt, command, 0));
            }
            int patience = config.training().patience();
            boolean exhausted = patience > 0 && state.validationsSinceBest() >= patience;
            if (state.stoppedEarly() != exhausted) {
                state = exhausted ? state.withStoppedEarly() : state.withStoppedEarly(false);
            }
            if (exhausted) {
                log.accept(
                        "The run stopped early at step "
                                + completed
                                + " (no better validation loss in "
                                + state.validationsSinceBest()
                                + " measurements); raise training.patience to continue it.");
            }
            WindowBatches batches =
                    new WindowBatches(
                            corpus.windows(),
                            config.training().batchSize(),
                            config.training().seed(),
                            completed);
            int totalSteps =
                    Math.max(
                            completed,
                            config.totalSteps(
                                    batches.batchSize(),
                                    corpus.meanPredictionsPerWindow(),
                                    batches.batchesPerEpoch()));
            TrainingConfig optimizer = config.trainingConfig(totalSteps);
            SconeTrainer trainer;
            if (resume) {
                if (!checkpoint.hasOptimizerState()) {
                    log.accept(
                            "Warning: the checkpoint in "
                                    + checkpointDir
                                    + " holds no AdamW moments (it predates "
                                    + TrainingCheckpoint.OPTIMIZER_FILE
                                    + "), so they restart from zero.");
                }
                trainer = checkpoint.newTrainer(optimizer, freeze);
            } else {
                trainer = new SconeTrainer(model, optimizer, 0, freeze);
            }
            Cards cards =
                    new Cards(
                            state.startedAt(),
                            fingerprint,
                            vocabulary == null ? 0 : vocabulary.size());

            Path csv = out.resolve(LOSS_CSV);
            float finalLoss;
            Session session;
            try (LossCurve curve =
                            resume ? LossCurve.resume(csv, completed) : LossCurve.create(csv);
                    ValidationCurve validationCurve =
                            validation == null
                                    ? null
                                    : ValidationCurve.resume(
                                            out.resolve(VALIDATION_CSV), completed)) {
                session =
                        new Session(
                                trainer,
                                batches,
                                totalSteps,
                                curve,
                                validation,
                                validationCurve,
                                cards,
                                out,
                                checkpointDir);
                state = session.train(state);
                List<LossCurve.Point> points = curve.points();
                finalLoss = points.isEmpty() ? Float.NaN : points.get(points.size() - 1).loss();
                if (!points.isEmpty()) {
                    curve.writeChart(
                            out.resolve(LOSS_PNG),
                            chartTitle(),
                            validationCurve == null ? List.of() : validationCurve.points());
                }
            }

            int steps = trainer.completedSteps();
            ModelCard card;
            if (validation != null && state.bestStep() > 0) {
                // The directory already holds the best weights, saved when they were measured.
                card = cards.at(state.bestStep());
            } else {
                card = cards.at(steps);
                SconeModelIO.save(
                        out, model, card, initDtype != null ? initDtype : TensorDType.BF16, true);
            }
            copyVocabulary(out);
            record(
                    out,
                    card,
                    steps,
                    state,
                    finalLoss,
                    optimizer,
                    corpus,
                    vocabulary,
                    model,
                    session);
            log.accept("Saved model " + card.modelVersion() + " to " + out + ".");
            return new TrainingOutcome(
                    out,
                    card,
                    steps,
                    steps - completed,
                    state.tokensSeen(),
                    state.wallSeconds(),
                    state.firstLoss(),
                    finalLoss,
                    validation != null && state.bestStep() > 0 ? state.bestStep() : steps,
                    state.bestValidationLoss(),
                    state.stoppedEarly());
        }
    }

    /**
     * Runs the {@link LearningRateRangeTest} for this configuration's model: a fresh model (the
     * configured shape, seed and batches, AdamW settings, the vocabulary built or read as for
     * training) takes {@code steps} steps at rates growing geometrically from {@code minRate} to
     * {@code maxRate}, stopping early when the smoothed loss blows up. Writes {@code lr-range.csv}
     * and {@code lr-range.png} into {@code dir}; trains nothing that is kept.
     */
    public LearningRateRangeTest rangeTest(float minRate, float maxRate, int steps, Path dir)
            throws IOException {
        if (!(minRate > 0) || !(maxRate > minRate) || steps < 2) {
            throw new IllegalArgumentException(
                    "The range test needs 0 < min rate < max rate and at least 2 steps.");
        }
        FgramVocabulary vocabulary = loadVocabulary();
        TrainingCorpus corpus = readCorpus(trainInputs(), vocabulary);
        WindowBatches batches =
                new WindowBatches(
                        corpus.windows(),
                        config.training().batchSize(),
                        config.training().seed(),
                        0);
        List<LearningRateRangeTest.Point> points = new ArrayList<>();
        boolean diverged = false;
        SconeTrainer.StepTimes times = SconeTrainer.StepTimes.NONE;
        long tokens = 0;
        double seconds = 0;
        try (SconeModel model = SconeModel.create(config.model());
                Progress bar = progress.start("Learning-rate range test", steps, "steps")) {
            SconeTrainer trainer = new SconeTrainer(model, config.trainingConfig(steps), 0);
            double average = 0;
            double weight = 1;
            double best = Double.POSITIVE_INFINITY;
            for (int step = 1; step <= steps; step++) {
                float rate = LearningRateRangeTest.rate(minRate, maxRate, step, steps);
                StepResult result;
                try {
                    result = trainer.step(batches.next(), rate);
                } catch (IllegalStateException notFinite) {
                    diverged = true;
                    break;
                }
                times = times.plus(trainer.lastStepTimes());
                tokens += result.tokens();
                seconds += result.seconds();
                average =
                        LearningRateRangeTest.SMOOTHING * average
                                + (1 - LearningRateRangeTest.SMOOTHING) * result.loss();
                weight *= LearningRateRangeTest.SMOOTHING;
                double smoothed = average / (1 - weight);
                points.add(new LearningRateRangeTest.Point(step, rate, result.loss(), smoothed));
                best = Math.min(best, smoothed);
                bar.step(1);
                bar.status(String.format(Locale.ROOT, "lr %.2e, loss %.4f", rate, result.loss()));
                if (step > 10 && smoothed > LearningRateRangeTest.DIVERGENCE * best) {
                    diverged = true;
                    break;
                }
            }
        }
        int taken = points.size();
        SconeTrainer.StepTimes mean =
                taken == 0
                        ? SconeTrainer.StepTimes.NONE
                        : new SconeTrainer.StepTimes(
                                times.forwardSeconds() / taken,
                                times.backwardSeconds() / taken,
                                times.updateSeconds() / taken);
        LearningRateRangeTest test =
                LearningRateRangeTest.of(
                        points, diverged, mean, seconds > 0 ? tokens / seconds : 0);
        test.write(dir, "Learning-rate range test of " + config.name() + " (" + shape() + ")");
        return test;
    }

    private String shape() {
        return architecture(config.model().fgramLayers() + "-layer A_F")
                + ", batch "
                + config.training().batchSize();
    }

    /** The model's width and depth, and {@code fgrams} unless it is a baseline. */
    private String architecture(String fgrams) {
        SconeConfig model = config.model();
        return String.format(
                Locale.ROOT,
                "d=%d, %d-layer decoder, %s",
                model.d(),
                model.layers(),
                config.baseline() ? "baseline" : fgrams);
    }

    /** Model cards of this run: the version names the run's start and the step count. */
    private final class Cards {
        private final String startedAt;
        private final String fingerprint;
        private final long fgramCount;

        Cards(String startedAt, String fingerprint, long fgramCount) {
            this.startedAt = startedAt;
            this.fingerprint = fingerprint;
            this.fgramCount = fgramCount;
        }

        ModelCard at(int steps) {
            return ModelCard.of(
                    config.model(),
                    config.name() + "-" + startedAt + "-step" + steps,
                    ModelCard.GPT2_TOKENIZER,
                    fingerprint,
                    fgramCount);
        }
    }

    /** The steps one invocation takes, with what they record. */
    private final class Session {
        private final SconeTrainer trainer;
        private final WindowBatches batches;
        private final int totalSteps;
        private final LossCurve curve;
        private final ValidationLoss validation;
        private final ValidationCurve validationCurve;
        private final Cards cards;
        private final Path out;
        private final Path checkpointDir;
        private SconeTrainer.StepTimes times = SconeTrainer.StepTimes.NONE;
        private int steps;
        private int lastValidated;

        Session(
                SconeTrainer trainer,
                WindowBatches batches,
                int totalSteps,
                LossCurve curve,
                ValidationLoss validation,
                ValidationCurve validationCurve,
                Cards cards,
                Path out,
                Path checkpointDir) {
            this.trainer = trainer;
            this.batches = batches;
            this.totalSteps = totalSteps;
            this.curve = curve;
            this.validation = validation;
            this.validationCurve = validationCurve;
            this.cards = cards;
            this.out = out;
            this.checkpointDir = checkpointDir;
            List<ValidationCurve.Point> earlier =
                    validationCurve == null ? List.of() : validationCurve.points();
            this.lastValidated = earlier.isEmpty() ? 0 : earlier.get(earlier.size() - 1).step();
        }

        /**
         * Takes the remaining steps, recording each on the curve, measuring the validation loss and
         * saving checkpoints; the last step always ends in a checkpoint.
         *
         * @return the run state after the last step
         */
        RunState train(RunState state) throws IOException {
            int checkpointEvery = config.training().checkpointEvery();
            int validateEvery = config.training().validateEvery();
            int lastSaved = trainer.completedSteps();
            long tokens = state.tokensSeen();
            float firstLoss = state.firstLoss();
            double earlierSeconds = state.wallSeconds();
            long started = System.nanoTime();
            long sessionTokens = 0;
            try (Progress bar = progress.start("Training " + config.name(), totalSteps, "steps")) {
                bar.step(trainer.completedSteps());
                while (trainer.completedSteps() < totalSteps
                        && !state.stoppedEarly()
                        && !limitReached(started)) {
                    StepResult result = trainer.step(batches.next());
                    times = times.plus(trainer.lastStepTimes());
                    tokens += result.tokens();
                    sessionTokens += result.tokens();
                    steps++;
                    if (result.step() == 1) {
                        firstLoss = result.loss();
                    }
                    curve.add(
                            new LossCurve.Point(
                                    result.step(),
                                    tokens,
                                    result.loss(),
                                    result.learningRate(),
                                    result.tokensPerSecond()));
                    double seconds = (System.nanoTime() - started) / 1e9;
                    bar.step(1);
                    bar.status(
                            String.format(
                                    Locale.ROOT,
                                    "loss %.4f, lr %.2e, %.0f tokens/s, ETA %s",
                                    result.loss(),
                                    result.learningRate(),
                                    sessionTokens / Math.max(seconds, 1e-9),
                                    duration(seconds / steps * (totalSteps - result.step()))));
                    state = state.withProgress(tokens, earlierSeconds + seconds, firstLoss);
                    if (validation != null
                            && validateEvery > 0
                            && result.step() % validateEvery == 0) {
                        state = validate(state, result.step(), tokens);
                    }
                    if (checkpointEvery > 0
                            && result.step() % checkpointEvery == 0
                            && result.step() < totalSteps
                            && !state.stoppedEarly()) {
                        saveCheckpoint(trainer, cards.at(result.step()), state, checkpointDir);
                        lastSaved = result.step();
                    }
                }
            }
            boolean complete = trainer.completedSteps() >= totalSteps;
            if (!complete && !state.stoppedEarly() && steps > 0) {
                log.accept(
                        "Stopping this part at step "
                                + trainer.completedSteps()
                                + " of "
                                + totalSteps
                                + "; --resume continues the run.");
            }
            // Measured at the end of the run only, not where a part stops, so that a run in parts
            // measures exactly what one straight through does.
            if (validation != null && complete && lastValidated != trainer.completedSteps()) {
                state = validate(state, trainer.completedSteps(), tokens);
            }
            if (lastSaved != trainer.completedSteps() || steps > 0) {
                saveCheckpoint(trainer, cards.at(trainer.completedSteps()), state, checkpointDir);
            }
            if (steps > 0) {
                log.accept(
                        String.format(
                                Locale.ROOT,
                                "Step time (mean of %d): forward %.1f ms, backward %.1f ms,"
                                        + " update %.1f ms.",
                                steps,
                                1000 * times.forwardSeconds() / steps,
                                1000 * times.backwardSeconds() / steps,
                                1000 * times.updateSeconds() / steps));
            }
            return state;
        }

        /**
         * Measures the validation loss after {@code step}; a new best saves the servable model, and
         * the patience running out stops the run.
         */
        private RunState validate(RunState state, int step, long tokens) throws IOException {
            float loss = validation.measure(trainer.model());
            validationCurve.add(new ValidationCurve.Point(step, tokens, loss));
            lastValidated = step;
            boolean best = state.improvesOn(loss);
            RunState next = state.withValidation(step, loss);
            if (best) {
                SconeModelIO.save(
                        out,
                        trainer.model(),
                        cards.at(step),
                        initDtype != null ? initDtype : TensorDType.BF16,
                        true);
            }
            log.accept(
                    String.format(
                            Locale.ROOT,
                            "Validation loss after step %d: %.4f (perplexity %.1f)%s.",
                            step,
                            loss,
                            Math.exp(loss),
                            best
                                    ? ", the best so far"
                                    : String.format(
                                            Locale.ROOT,
                                            "; best %.4f at step %d",
                                            next.bestValidationLoss(),
                                            next.bestStep())));
            int patience = config.training().patience();
            if (patience > 0 && next.validationsSinceBest() >= patience) {
                log.accept(
                        "Stopping early: "
                                + patience
                                + " validations without a better loss; the model directory"
                                + " keeps the weights of step "
                                + next.bestStep()
                                + ".");
                next = next.withStoppedEarly();
            }
            return next;
        }

        private boolean limitReached(long started) {
            if (steps >= stepLimit) {
                return true;
            }
            return timeLimit != null && System.nanoTime() - started >= timeLimit.toNanos();
        }

        int measurements() {
            return validationCurve == null ? 0 : validationCurve.points().size();
        }
    }

    /**
     * Checks that the output directory allows the run: a resume needs its checkpoint, and a new run
     * must not overwrite another one.
     *
     * @throws IllegalArgumentException saying which and what to do
     */
    public void checkOutput(boolean resume) {
        Path out = outputDir();
        Path checkpointDir = out.resolve(CHECKPOINT_DIR);
        boolean hasCheckpoint = Files.isDirectory(checkpointDir);
        if (resume && !hasCheckpoint) {
            throw new IllegalArgumentException(
                    "There is no checkpoint in "
                            + checkpointDir
                            + " to resume; run without --resume to start training.");
        }
        if (!resume && (hasCheckpoint || Files.exists(out.resolve(SconeModelIO.CARD_FILE)))) {
            throw new IllegalArgumentException(
                    out
                            + " already holds a training run; pass --resume to continue it or"
                            + " choose another output directory.");
        }
    }

    private FgramVocabulary loadVocabulary() throws IOException {
        Path file = vocabularyFile();
        if (file == null) {
            return null;
        }
        if (!Files.exists(file)) {
            if (vocabularyBuilder == null) {
                throw new IllegalArgumentException(
                        "The f-gram vocabulary " + file + " does not exist; build it first.");
            }
            log.accept(
                    "Building the f-gram vocabulary from the training corpus into " + file + ".");
            Files.createDirectories(file.toAbsolutePath().getParent());
            TrainingRunConfig.VocabularyBuild build = config.data().vocabularyBuild();
            try {
                vocabularyBuilder.build(
                        trainInputs(),
                        file,
                        config.vocabularyMaxN(),
                        build.minCount(),
                        build.size());
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(
                        "Building the f-gram vocabulary failed: " + e.getMessage(), e);
            }
        }
        FgramVocabulary vocabulary = FgramVocabularyFile.read(file);
        if (vocabulary.maxN() > config.model().maxFgramLength()) {
            throw new IllegalArgumentException(
                    "The vocabulary "
                            + file
                            + " holds f-grams of up to "
                            + vocabulary.maxN()
                            + " tokens but the model's maxFgramLength is "
                            + config.model().maxFgramLength()
                            + ".");
        }
        return vocabulary;
    }

    /** The vocabulary must have been counted over exactly this training corpus. */
    private void checkVocabularyCorpus(VocabularyMetadata metadata, TrainingCorpus corpus) {
        if (metadata.corpusTokens() != corpus.tokens()
                || metadata.corpusDocuments() != corpus.documents()) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "The vocabulary %s was counted over %d tokens in %d documents but the"
                                    + " training corpus has %d tokens in %d documents; build the"
                                    + " vocabulary from the training corpus alone.",
                            vocabularyFile(),
                            metadata.corpusTokens(),
                            metadata.corpusDocuments(),
                            corpus.tokens(),
                            corpus.documents()));
        }
    }

    private void checkResumable(ModelCard card, String fingerprint, Path checkpointDir) {
        if (!card.config().equals(config.model())) {
            throw new IllegalArgumentException(
                    "The checkpoint in "
                            + checkpointDir
                            + " was trained with another model configuration than the one given.");
        }
        if (!card.vocabularyFingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException(
                    "The checkpoint in "
                            + checkpointDir
                            + " was trained with another f-gram vocabulary than "
                            + vocabularyFile()
                            + ".");
        }
    }

    private void copyVocabulary(Path out) throws IOException {
        Path file = vocabularyFile();
        Path target = out.resolve(SconeModelIO.VOCABULARY_FILE);
        if (file != null && !file.equals(target)) {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Saves a checkpoint beside the current one and then swaps it in, so a crash while saving
     * leaves the previous checkpoint whole.
     */
    private void saveCheckpoint(
            SconeTrainer trainer, ModelCard card, RunState state, Path checkpointDir)
            throws IOException {
        Path partial = checkpointDir.resolveSibling(CHECKPOINT_DIR + ".partial");
        Path previous = checkpointDir.resolveSibling(CHECKPOINT_DIR + ".previous");
        Directories.deleteRecursively(partial);
        Directories.deleteRecursively(previous);
        trainer.saveCheckpoint(partial, card);
        state.write(partial);
        if (Files.exists(checkpointDir)) {
            Files.move(checkpointDir, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(partial, checkpointDir, StandardCopyOption.ATOMIC_MOVE);
        Directories.deleteRecursively(previous);
        log.accept("Saved a checkpoint at step " + trainer.completedSteps() + ".");
    }

    private static double matchedFraction(TrainingCorpus corpus) {
        long positions = 0;
        for (TrainingWindow window : corpus.windows()) {
            positions += window.tokens().length;
        }
        return (double) corpus.matchedPositions() / positions;
    }

    private String chartTitle() {
        return "Training loss of "
                + config.name()
                + " ("
                + architecture("SCONE with a " + config.model().fgramLayers() + "-layer A_F")
                + ")";
    }

    /** A duration such as {@code 1h02m}, {@code 3m05s} or {@code 12s}. */
    static String duration(double seconds) {
        long total = Math.round(Math.max(0, seconds));
        long hours = total / 3600;
        long minutes = total % 3600 / 60;
        long secs = total % 60;
        if (hours > 0) {
            return String.format(Locale.ROOT, "%dh%02dm", hours, minutes);
        }
        if (minutes > 0) {
            return String.format(Locale.ROOT, "%dm%02ds", minutes, secs);
        }
        return secs + "s";
    }

    private void record(
            Path out,
            ModelCard card,
            int steps,
            RunState state,
            float finalLoss,
            TrainingConfig optimizer,
            TrainingCorpus corpus,
            FgramVocabulary vocabulary,
            SconeModel model,
            Session session)
            throws IOException {
        Engine engine = Engine.getInstance();
        new TrainingRecord(
                        config.name(),
                        card.modelVersion(),
                        steps,
                        state.tokensSeen(),
                        state.wallSeconds(),
                        state.wallSeconds() > 0 ? state.tokensSeen() / state.wallSeconds() : 0,
                        state.firstLoss(),
                        finalLoss,
                        state.commands(),
                        config.toTree(),
                        optimizer,
                        new TrainingRecord.Corpus(
                                config.data().train(),
                                corpus.documents(),
                                corpus.tokens(),
                                corpus.windows().size(),
                                corpus.predictions(),
                                matchedFraction(corpus)),
                        vocabulary == null
                                ? null
                                : TrainingRecord.Vocabulary.of(vocabularyFile(), vocabulary),
                        TrainingRecord.Parameters.of(config.model(), model.parameterCount()),
                        TrainingRecord.Machine.current(
                                model.device().toString(),
                                engine.getEngineName() + " " + engine.getVersion()),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        session.validation == null || state.bestValidationLoss() == null
                                ? null
                                : new TrainingRecord.Validation(
                                        config.data().validation(),
                                        session.validation.windows(),
                                        session.validation.predictions(),
                                        config.training().validateEvery(),
                                        config.training().patience(),
                                        session.measurements(),
                                        state.bestStep(),
                                        state.bestValidationLoss(),
                                        Math.exp(state.bestValidationLoss()),
                                        state.stoppedEarly()),
                        session.steps == 0
                                ? null
                                : new TrainingRecord.StepTime(
                                        session.steps,
                                        session.times.forwardSeconds() / session.steps,
                                        session.times.backwardSeconds() / session.steps,
                                        session.times.updateSeconds() / session.steps))
                .write(out);
    }
}
