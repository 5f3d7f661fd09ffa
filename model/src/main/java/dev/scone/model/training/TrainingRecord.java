package dev.scone.model.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.VocabularyMetadata;
import dev.scone.model.files.JsonFiles;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code training.json} in a trained model's directory: how the model came to be, enough to compare
 * runs and to repeat one.
 *
 * @param name the model's name
 * @param modelVersion the version in its model card
 * @param steps optimiser steps of the whole run
 * @param tokensSeen next-token predictions trained on
 * @param wallSeconds training time, over all invocations
 * @param tokensPerSecond {@code tokensSeen / wallSeconds}
 * @param firstLoss loss of step 1, in nats per token
 * @param finalLoss loss of the last step
 * @param commands every command that worked on the run
 * @param config the run's configuration, every setting resolved
 * @param optimizer the optimiser and schedule the steps used
 * @param corpus the training corpus
 * @param vocabulary the f-gram vocabulary, null for a baseline
 * @param parameters the model's size
 * @param machine where the last invocation ran
 * @param finishedAt when the model was saved, ISO-8601 UTC
 * @param validation the validation losses and early stopping, null when the run measured none
 * @param stepTime where the last invocation's step time went, null when it took no step
 */
public record TrainingRecord(
        String name,
        String modelVersion,
        int steps,
        long tokensSeen,
        double wallSeconds,
        double tokensPerSecond,
        float firstLoss,
        float finalLoss,
        List<Invocation> commands,
        JsonNode config,
        TrainingConfig optimizer,
        Corpus corpus,
        Vocabulary vocabulary,
        Parameters parameters,
        Machine machine,
        String finishedAt,
        Validation validation,
        StepTime stepTime) {

    /** File name inside the model directory. */
    public static final String FILE = "training.json";

    private static final ObjectMapper JSON = JsonFiles.MAPPER;

    /**
     * @param inputs the corpus files or folders
     * @param documents documents read
     * @param tokens tokens in them
     * @param windows training windows cut from them
     * @param predictionsPerEpoch predictions of one pass over every window
     * @param matchedFraction fraction of window positions that read an f-gram embedding
     */
    public record Corpus(
            List<String> inputs,
            long documents,
            long tokens,
            int windows,
            long predictionsPerEpoch,
            double matchedFraction) {}

    /**
     * @param file where it was read from
     * @param fingerprint its content fingerprint, as in the model card
     * @param fgrams number of f-grams
     * @param maxN K of the counting
     * @param minCount the count cut-off
     * @param corpusTokens tokens of the corpus it was counted over
     */
    public record Vocabulary(
            String file,
            String fingerprint,
            int fgrams,
            int maxN,
            long minCount,
            long corpusTokens) {

        static Vocabulary of(Path file, FgramVocabulary vocabulary) {
            VocabularyMetadata metadata = vocabulary.metadata();
            return new Vocabulary(
                    file.toString(),
                    vocabulary.fingerprint(),
                    vocabulary.size(),
                    vocabulary.maxN(),
                    metadata.minCount(),
                    metadata.corpusTokens());
        }
    }

    /**
     * @param total every weight, A_F included
     * @param nonEmbedding the decoder's layers and final norm
     * @param fgramEncoder A_F without the shared T
     * @param embedding T, positions and the output projection
     * @param inferenceFlopsPerToken forward FLOPs per token at inference (A_F costs none)
     */
    public record Parameters(
            long total,
            long nonEmbedding,
            long fgramEncoder,
            long embedding,
            long inferenceFlopsPerToken) {

        static Parameters of(SconeConfig config, long total) {
            return new Parameters(
                    total,
                    config.nonEmbeddingParameters(),
                    config.fgramEncoderParameters(),
                    config.embeddingParameters(),
                    config.inferenceFlopsPerToken());
        }
    }

    /**
     * @param cores processors the JVM sees
     * @param java Java version and vendor
     * @param os operating system and architecture
     * @param device the device the model trained on
     * @param engine the deep learning engine and its version
     */
    public record Machine(int cores, String java, String os, String device, String engine) {

        static Machine current(String device, String engine) {
            return new Machine(
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version")
                            + " ("
                            + System.getProperty("java.vendor")
                            + ")",
                    System.getProperty("os.name")
                            + " "
                            + System.getProperty("os.version")
                            + " "
                            + System.getProperty("os.arch"),
                    device,
                    engine);
        }
    }

    /**
     * @param inputs the validation corpus files or folders
     * @param windows validation windows measured each time
     * @param predictions next-token predictions in them
     * @param every steps between measurements (0: only at the end)
     * @param patience measurements without a new best before stopping (0: never)
     * @param measurements measurements made over the whole run
     * @param bestStep the step of the lowest validation loss: the weights this directory holds
     * @param bestLoss that loss, nats per prediction
     * @param bestPerplexity exp(bestLoss)
     * @param stoppedEarly whether the run stopped because the loss stopped improving
     */
    public record Validation(
            List<String> inputs,
            int windows,
            long predictions,
            int every,
            int patience,
            int measurements,
            int bestStep,
            float bestLoss,
            double bestPerplexity,
            boolean stoppedEarly) {}

    /**
     * Mean seconds per step of the last invocation, by phase ({@link
     * dev.scone.model.nn.SconeTrainer.StepTimes}).
     *
     * @param steps steps the means are over
     * @param forward forward pass and loss, the V-way output layer included
     * @param backward back-propagation
     * @param update gradient clipping, AdamW and zeroing the gradients
     */
    public record StepTime(int steps, double forward, double backward, double update) {}

    /** Writes this record as {@code training.json} in {@code modelDir}. */
    public void write(Path modelDir) throws IOException {
        Files.writeString(
                modelDir.resolve(FILE), JSON.writeValueAsString(this), StandardCharsets.UTF_8);
    }

    /**
     * Reads {@code training.json} from a model directory.
     *
     * @throws IOException if it is missing or not valid, naming the file
     */
    public static TrainingRecord read(Path modelDir) throws IOException {
        Path file = modelDir.resolve(FILE);
        try {
            return JSON.readValue(
                    Files.readString(file, StandardCharsets.UTF_8), TrainingRecord.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
