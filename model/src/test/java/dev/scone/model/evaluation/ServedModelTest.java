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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServedModelTest {

    @RegisterExtension static final TrainedModels MODELS = new TrainedModels();

    @Test
    void aSconeModelLooksPositionsUpInItsCachedTable() throws IOException {
        try (ServedModel served = MODELS.open(MODELS.scone)) {
            assertThat(served.name()).isEqualTo("scone");
            assertThat(served.hasTable()).isTrue();
            assertThat(served.tableVersion()).startsWith(served.card().modelVersion());
            assertThat(served.table().size()).isEqualTo(served.card().fgramCount());
            try (var tables = Files.list(MODELS.root.resolve("tables"))) {
                assertThat(tables.filter(f -> f.toString().endsWith(".sctbl"))).isNotEmpty();
            }

            FgramVocabulary vocabulary = MODELS.repository.vocabulary(MODELS.scone);
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
        try (ServedModel served = MODELS.open(MODELS.baseline)) {
            assertThat(served.hasTable()).isFalse();
            assertThat(served.tableVersion()).isEmpty();
            int[] tokens = Gpt2Tokenizer.get().encode(TinyCorpus.documents(1, 4L).get(0));
            assertThat(served.inputs(tokens).matchedPositions()).isZero();
        }
    }

    @Test
    void aTableOfAnotherModelIsRefused() throws IOException {
        Path otherTable = MODELS.repository.table(MODELS.otherScone, ProgressReporter.silent());

        assertThatThrownBy(
                        () ->
                                ServedModel.open(
                                        MODELS.repository,
                                        MODELS.scone.toString(),
                                        otherTable,
                                        ProgressReporter.silent()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The table " + otherTable + " does not fit this model:")
                .hasMessageContaining("was exported from model other-");
    }

    @Test
    void aBaselineTakesNoTableAndAMissingTableIsNamed() throws IOException {
        Path table = MODELS.repository.table(MODELS.scone, ProgressReporter.silent());
        assertThatThrownBy(
                        () ->
                                ServedModel.open(
                                        MODELS.repository,
                                        MODELS.baseline.toString(),
                                        table,
                                        ProgressReporter.silent()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a baseline without f-grams, so it takes no table");
        assertThatThrownBy(
                        () ->
                                ServedModel.open(
                                        MODELS.repository,
                                        MODELS.scone.toString(),
                                        MODELS.root.resolve("missing.sctbl"),
                                        ProgressReporter.silent()))
                .isInstanceOf(NoSuchFileException.class);
    }
}
