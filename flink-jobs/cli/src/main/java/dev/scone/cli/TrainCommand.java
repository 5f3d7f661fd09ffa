package dev.scone.cli;

import dev.scone.flink.vocabulary.FgramVocabularyJob;
import dev.scone.flink.vocabulary.VocabularyJobConfig;
import dev.scone.model.nn.Freeze;
import dev.scone.model.nn.SconeTrainer;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.training.LearningRateRangeTest;
import dev.scone.model.training.TrainingOutcome;
import dev.scone.model.training.TrainingRun;
import dev.scone.model.training.TrainingRunConfig;
import dev.scone.model.training.VocabularyBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone train}: trains a SCONE (or baseline) model from a JSON or YAML configuration. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a SCONE model (or, with --baseline, the same decoder without f-grams) on the"
                    + " training corpus and write a model directory: model-card.json,"
                    + " model.safetensors (bf16), vocabulary.avro, training.json and the loss"
                    + " curve as loss-curve.csv and loss-curve.png.",
            "The f-gram vocabulary is counted over the training corpus alone, with Flink, unless"
                    + " data.vocabulary names an existing file. Checkpoints are saved every"
                    + " training.checkpointEvery steps; --resume continues from the last one"
                    + " (weights, AdamW moments, step and batch order); --part-steps and"
                    + " --part-minutes end an invocation early with a checkpoint, so a long run"
                    + " can be trained in parts that together take exactly its steps.",
            "With data.validation (such as var/corpora/validation) the validation loss is"
                    + " measured every training.validateEvery steps and at the end, written to"
                    + " validation-curve.csv and marked on the loss chart; the model directory"
                    + " keeps the weights of the lowest validation loss, and training.patience"
                    + " stops the run when that many measurements bring no new best."
                    + " training.epochs sets the run's length in passes over the training split.",
            "--lr-range-test trains nothing that is kept: it sweeps the learning rate"
                    + " geometrically over --lr-steps steps of a fresh model of the configured"
                    + " size and writes lr-range.csv and lr-range.png into the model directory,"
                    + " with the rate it suggests.",
            "--init-from MODEL starts from a trained or imported model (such as one from 'scone"
                    + " model import') instead of random weights: its decoder, T and output"
                    + " projection are loaded and A_F (model.fgramLayers, model.fgramHeads) is"
                    + " added; the model's other settings come from its card. With --freeze"
                    + " decoder (the default there) only A_F learns, so positions without an"
                    + " f-gram are predicted exactly as before; --freeze none trains everything"
                    + " jointly, as the paper does from scratch.",
            "The configuration file is JSON (.json) or YAML (.yaml, .yml) with the same"
                    + " settings, such as {\"training\": {\"steps\": 500}} or, in YAML,"
                    + " 'training: {steps: 500}'. Relative paths in the configuration and in --set"
                    + " are resolved against the SCONE home, so a configuration works from any"
                    + " directory. Run with --list-settings to see every setting and its default."
        })
final class TrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Training configuration giving only what differs from the defaults: JSON,"
                            + " or YAML when the name ends in .yaml or .yml; without it the"
                            + " defaults are used.")
    Path config;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Model directory to write (default: the configuration's output).")
    Path out;

    @Option(
            names = "--steps",
            paramLabel = "N",
            description = "Train for N optimiser steps (replaces training.steps and .tokens).")
    Integer steps;

    @Option(
            names = "--baseline",
            description = "Train the decoder without f-grams (model.fgramLayers=0).")
    boolean baseline;

    @Option(
            names = "--resume",
            description =
                    "Continue the run saved in the output directory's checkpoint; with more"
                            + " --steps it trains further.")
    boolean resume;

    @Option(
            names = "--init-from",
            paramLabel = "NAME_OR_DIR",
            description =
                    "Start from this model (shipped name or directory) and add A_F to it,"
                            + " instead of training from random weights.")
    String initFrom;

    @Option(
            names = "--freeze",
            paramLabel = "decoder|none",
            description =
                    "With --init-from: decoder trains only A_F, leaving T, the decoder and the"
                            + " output projection as loaded; none trains every weight"
                            + " (default: decoder).")
    String freeze;

    @Option(
            names = "--part-steps",
            paramLabel = "N",
            description =
                    "Take at most N steps in this invocation, then checkpoint; --resume continues.")
    Integer partSteps;

    @Option(
            names = "--part-minutes",
            paramLabel = "M",
            description =
                    "Train for at most M minutes in this invocation, then checkpoint; --resume"
                            + " continues.")
    Double partMinutes;

    @Option(
            names = "--lr-range-test",
            description =
                    "Run the learning-rate range test for the configured model instead of"
                            + " training.")
    boolean lrRangeTest;

    @Option(
            names = "--lr-min",
            paramLabel = "RATE",
            defaultValue = "1e-5",
            description = "Smallest rate of the range test (default: ${DEFAULT-VALUE}).")
    float lrMin;

    @Option(
            names = "--lr-max",
            paramLabel = "RATE",
            defaultValue = "0.1",
            description = "Largest rate of the range test (default: ${DEFAULT-VALUE}).")
    float lrMax;

    @Option(
            names = "--lr-steps",
            paramLabel = "N",
            defaultValue = "200",
            description = "Steps of the range test (default: ${DEFAULT-VALUE}).")
    int lrSteps;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Override one setting, such as --set model.d=256 or --set"
                            + " training.learningRate=3e-4; repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(
            names = "--list-settings",
            description = "Print every setting with its default and exit.")
    boolean listSettings;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (listSettings) {
            stdout.printf("%-31s %-22s %s%n", "SETTING", "DEFAULT", "MEANING");
            TrainingRunConfig.settingsHelp().forEach(stdout::println);
            stdout.flush();
            return ExitCodes.OK;
        }
        if (config != null) {
            CommandIo.requireFile(config, "Training configuration");
        }
        TrainingRunConfig runConfig = TrainingRunConfig.load(config, overrides());
        TrainingRun run =
                new TrainingRun(runConfig, SconeHome.root())
                        .progress(GlobalOptions.current().progress())
                        .log(this::message)
                        .vocabularyBuilder(flinkVocabularyBuilder());
        if (initFrom != null) {
            Path start = ModelRepository.forHome(SconeHome.root()).resolve(initFrom);
            run.initFrom(start, freeze());
        } else if (freeze != null) {
            throw new UserException(
                    "--freeze applies to a run that starts from a model; give --init-from too.");
        }
        if (lrRangeTest) {
            prepareDefaultCorpora(run.trainInputs());
            return rangeTest(run, stdout);
        }
        run.checkOutput(resume);
        prepareDefaultCorpora(run.trainInputs());
        prepareDefaultCorpora(run.validationInputs());
        if (partSteps != null || partMinutes != null) {
            if ((partSteps != null && partSteps < 1)
                    || (partMinutes != null && !(partMinutes > 0))) {
                throw new UserException("--part-steps and --part-minutes must be above 0.");
            }
            run.limit(
                    partSteps == null ? Integer.MAX_VALUE : partSteps,
                    partMinutes == null
                            ? null
                            : Duration.ofMillis(Math.round(partMinutes * 60_000)));
        }

        TrainingOutcome outcome = run.run(resume, commandLine());
        stdout.printf(
                Locale.ROOT,
                "Trained %s: %d steps (%d now), %,d tokens in %s (%.0f tokens/s), loss %.4f ->"
                        + " %.4f.%nModel directory: %s%n",
                outcome.card().modelVersion(),
                outcome.steps(),
                outcome.stepsThisInvocation(),
                outcome.tokensSeen(),
                formatSeconds(outcome.wallSeconds()),
                outcome.wallSeconds() > 0 ? outcome.tokensSeen() / outcome.wallSeconds() : 0,
                outcome.firstLoss(),
                outcome.finalLoss(),
                outcome.modelDir());
        if (outcome.bestValidationLoss() != null) {
            stdout.printf(
                    Locale.ROOT,
                    "Validation loss: best %.4f (perplexity %.1f) at step %d, the weights in the"
                            + " model directory%s.%n",
                    outcome.bestValidationLoss(),
                    Math.exp(outcome.bestValidationLoss()),
                    outcome.bestStep(),
                    outcome.stoppedEarly() ? "; stopped early" : "");
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    private int rangeTest(TrainingRun run, PrintWriter stdout) throws Exception {
        if (!(lrMin > 0) || !(lrMax > lrMin) || lrSteps < 2) {
            throw new UserException(
                    "The range test needs 0 < --lr-min < --lr-max and --lr-steps of 2 or more.");
        }
        Path dir = run.outputDir();
        LearningRateRangeTest test = run.rangeTest(lrMin, lrMax, lrSteps, dir);
        SconeTrainer.StepTimes times = test.meanStepTimes();
        double step = times.forwardSeconds() + times.backwardSeconds() + times.updateSeconds();
        stdout.printf(
                Locale.ROOT,
                "Range test: %d steps from %.1e to %.1e%s.%n"
                        + "Lowest smoothed loss at rate %.2e, steepest fall at %.2e; suggested"
                        + " peak rate %.2e.%n"
                        + "Step time %.1f ms (forward %.0f%%, backward %.0f%%, update %.0f%%),"
                        + " %.0f tokens/s.%n"
                        + "Curve: %s, %s%n",
                test.points().size(),
                lrMin,
                test.points().get(test.points().size() - 1).learningRate(),
                test.diverged() ? " (stopped: the loss diverged)" : "",
                test.minimumLossRate(),
                test.steepestRate(),
                test.suggestedRate(),
                1000 * step,
                100 * times.forwardSeconds() / step,
                100 * times.backwardSeconds() / step,
                100 * times.updateSeconds() / step,
                test.tokensPerSecond(),
                dir.resolve(LearningRateRangeTest.CSV),
                dir.resolve(LearningRateRangeTest.PNG));
        stdout.flush();
        return ExitCodes.OK;
    }

    private Freeze freeze() {
        if (freeze == null || freeze.equals("decoder")) {
            return Freeze.DECODER;
        }
        if (freeze.equals("none")) {
            return Freeze.NONE;
        }
        throw new UserException("--freeze takes decoder or none, not '" + freeze + "'.");
    }

    /** The command-line options as configuration overrides, applied after --set. */
    private List<String> overrides() {
        List<String> overrides = new ArrayList<>(settings);
        if (baseline) {
            overrides.add("model.fgramLayers=0");
        }
        if (steps != null) {
            overrides.add("training.steps=" + steps);
            overrides.add("training.tokens=0");
        }
        if (out != null) {
            overrides.add("output=" + Json.quote(out.toAbsolutePath().normalize().toString()));
        }
        return overrides;
    }

    /** Counts the vocabulary with the Flink job, on a local MiniCluster. */
    private VocabularyBuilder flinkVocabularyBuilder() {
        return (corpus, file, maxN, minCount, size) -> {
            List<String> inputs = new ArrayList<>();
            for (Path input : corpus) {
                inputs.add(input.toString());
            }
            VocabularyJobConfig job =
                    new VocabularyJobConfig(
                            inputs,
                            file,
                            maxN,
                            minCount,
                            size,
                            Runtime.getRuntime().availableProcessors());
            new FgramVocabularyJob(job, pass -> message(pass.describe())).run();
        };
    }

    /** Fetches and splits the default corpora when the configuration points into them. */
    private static void prepareDefaultCorpora(List<Path> inputs) throws Exception {
        for (Path input : inputs) {
            if (!Files.exists(input) && input.startsWith(SconeHome.corpora())) {
                CorpusSetup.ensureDefault(GlobalOptions.current().progress());
                return;
            }
        }
    }

    private void message(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(line);
        err.flush();
    }

    private String commandLine() {
        StringBuilder line = new StringBuilder("scone");
        for (String arg : spec.root().commandLine().getParseResult().originalArgs()) {
            line.append(' ').append(arg.matches("[\\w./=:,+@%-]+") ? arg : Json.quote(arg));
        }
        return line.toString();
    }

    private static String formatSeconds(double seconds) {
        long total = Math.round(seconds);
        return total >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", total / 3600, total % 3600 / 60)
                : total >= 60
                        ? String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60)
                        : String.format(Locale.ROOT, "%.1fs", seconds);
    }
}
