package dev.scone.tests.cluster;

import ai.djl.Device;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small untrained SCONE model with a real f-gram vocabulary over a few phrases, for the cluster
 * tests: untrained weights are enough to prove the cluster computes what offline scoring does, and
 * a context of 24 tokens sends longer documents through several windows.
 */
final class ClusterTestModel {

    static final String VERSION = "cluster-test-1";
    static final int CONTEXT = 24;
    static final int MAX_FGRAM_LENGTH = 5;

    /** Phrases whose n-grams (2..5 tokens) make up the vocabulary. */
    static final List<String> PHRASES =
            List.of(
                    " of the United States",
                    " in the morning and",
                    " the jury said it",
                    " a dark and stormy night",
                    " for the first time",
                    " at the end of the day");

    private ClusterTestModel() {}

    /** Writes the model directory {@code dir} (card, weights, vocabulary) and returns it. */
    static Path create(Path dir) throws IOException {
        Files.createDirectories(dir);
        FgramVocabulary vocabulary = vocabulary();
        SconeConfig config =
                new SconeConfig(
                        SconeConfig.GPT2_VOCAB_SIZE,
                        16,
                        1,
                        2,
                        CONTEXT,
                        MAX_FGRAM_LENGTH,
                        1,
                        2,
                        2,
                        0f,
                        23L);
        ModelCard card =
                ModelCard.of(
                        config,
                        VERSION,
                        Gpt2Tokenizer.NAME,
                        vocabulary.fingerprint(),
                        vocabulary.size());
        try (SconeModel model = SconeModel.create(config, Device.cpu())) {
            SconeModelIO.save(dir, model, card);
        }
        FgramVocabularyFile.write(dir.resolve(SconeModelIO.VOCABULARY_FILE), vocabulary);
        return dir;
    }

    private static FgramVocabulary vocabulary() {
        FgramVocabulary.Builder builder =
                FgramVocabulary.builder().maxN(MAX_FGRAM_LENGTH).minCount(1);
        Set<String> seen = new HashSet<>();
        for (String phrase : PHRASES) {
            int[] tokens = Gpt2Tokenizer.get().encode(phrase);
            for (int end = 1; end < tokens.length; end++) {
                for (int length = 2; length <= Math.min(MAX_FGRAM_LENGTH, end + 1); length++) {
                    int[] gram = Arrays.copyOfRange(tokens, end - length + 1, end + 1);
                    if (seen.add(Arrays.toString(gram))) {
                        builder.add(gram, 100 - length);
                    }
                }
            }
        }
        return builder.build();
    }
}
