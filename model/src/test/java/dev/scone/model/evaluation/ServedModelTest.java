package dev.scone.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.model.training.TinyCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedModelTest {

    @TempDir static Path root;

    private static TrainedModels models;

    @BeforeAll
    static void train() throws IOException {
        models = TrainedModels.in(root);
    }

    @Test
    void aSconeModelLooksPositionsUpInItsCachedTable() throws IOException {
        try (ServedModel served = models.open(models.scone)) {
            assertThat(served.name()).isEqualTo("scone");
            assertThat(served.hasTable()).isTrue();
            assertThat(served.tableVersion()).startsWith(served.card().modelVersion());
            assertThat(served.table().size()).isEqualTo(served.card().fgramCount());
            try (var tables = Files.list(root.resolve("tables"))) {
                assertThat(tables.filter(f -> f.toString().endsWith(".sctbl"))).isNotEmpty();
            }

            FgramVocabulary vocabulary = models.repository.vocabulary(models.scone);
            TableLookup byVocabulary =
                    TableLookup.guidedBy(LongestMatcher.of(vocabulary), served.table());
            int matched = 0;
            for (String text : TinyCorpus.documents(10, 4L)) {
                int[] tokens = Gpt2Tokenizer.get().encode(text);
                SequenceInput inputs = served.inputs(tokens);
                assertThat(inputs).isEqualTo(SequenceInput.lookup(tokens, byVocabulary));
                matched += inputs.matchedPositions();
            }
            assertThat(matched).isPositive();
        }
    }

    @Test
    void aBaselineReadsTheTokenEmbeddingEverywhere() throws IOException {
        try (ServedModel served = models.open(models.baseline)) {
            assertThat(served.hasTable()).isFalse();
            assertThat(served.tableVersion()).isEmpty();
            int[] tokens = Gpt2Tokenizer.get().encode(TinyCorpus.documents(1, 4L).get(0));
            assertThat(served.inputs(tokens).matchedPositions()).isZero();
        }
    }

    @Test
    void aTableOfAnotherModelIsRefused() throws IOException {
        Path otherTable = models.repository.table(models.otherScone, ProgressReporter.silent());

        assertThatThrownBy(
                        () ->
                                ServedModel.open(
                                        models.repository,
                                        models.scone.toString(),
                                        otherTable,
                                        ProgressReporter.silent()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The table " + otherTable + " does not fit this model:")
                .hasMessageContaining("was exported from model other-");
    }

    @Test
    void aBaselineTakesNoTableAndAMissingTableIsNamed() throws IOException {
        Path table = models.repository.table(models.scone, ProgressReporter.silent());
        assertThatThrownBy(
                        () ->
                                ServedModel.open(
                                        models.repository,
                                        models.baseline.toString(),
                                        table,
                                        ProgressReporter.silent()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a baseline without f-grams, so it takes no table");
        assertThatThrownBy(
                        () ->
                                ServedModel.open(
                                        models.repository,
                                        models.scone.toString(),
                                        root.resolve("missing.sctbl"),
                                        ProgressReporter.silent()))
                .isInstanceOf(NoSuchFileException.class);
    }
}
