package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Gpt2SmallWorkloadTest {

    @Test
    void theModelHasGpt2SmallsShape() {
        SconeConfig config = Gpt2SmallWorkload.config();
        assertThat(config.vocabSize()).isEqualTo(SconeConfig.GPT2_VOCAB_SIZE);
        assertThat(config.d()).isEqualTo(768);
        assertThat(config.layers()).isEqualTo(12);
        assertThat(config.heads()).isEqualTo(12);
        assertThat(config.ffnHidden()).isEqualTo(3072);
        assertThat(config.tiedOutputEmbedding()).isTrue();
        assertThat(config.activation()).isEqualTo(SconeConfig.GELU_NEW);
        assertThat(config.hasFgramEncoder()).isFalse();
        assertThat(config.contextLength()).isEqualTo(Gpt2SmallWorkload.CONTEXT_LENGTH);
    }

    @Test
    void documentsAreDeterministicAndInTheVocabulary() {
        Gpt2SmallWorkload workload = new Gpt2SmallWorkload(3, 40, 0, 4);
        List<int[]> first = workload.documentTokens();
        List<int[]> second = workload.documentTokens();
        assertThat(first).hasSize(3);
        for (int d = 0; d < first.size(); d++) {
            assertThat(first.get(d)).hasSize(40).isEqualTo(second.get(d));
            assertThat(
                            Arrays.stream(first.get(d))
                                    .allMatch(id -> id >= 0 && id < Gpt2Tokenizer.VOCABULARY_SIZE))
                    .isTrue();
        }
    }

    @Test
    void theTableHoldsTheDocumentsFgramsAndTheFiller() {
        Gpt2SmallWorkload workload = new Gpt2SmallWorkload(2, 50, 1_000, 4);
        List<int[]> documents = workload.documentTokens();
        try (InMemoryFgramTable table = new InMemoryFgramTable(8, "synthetic", "v1")) {
            long entries = workload.fill(table, documents);
            assertThat(entries)
                    .isEqualTo(table.size())
                    .isGreaterThan(1_000L)
                    .isLessThanOrEqualTo(1_050L);
            TableLookup lookup = new TableLookup(table, Gpt2SmallWorkload.MAX_FGRAM_LENGTH);
            for (int[] document : documents) {
                SequenceInput input = SequenceInput.lookup(document, lookup);
                for (int end = 1; end < document.length; end += 2) {
                    assertThat(input.matchLengths()[end]).isGreaterThanOrEqualTo(2);
                }
            }
        }
    }

    @Test
    void suitesKnowTheBenchmarkByName() {
        assertThat(BenchmarkSuites.names()).contains("gpt2-small");
        assertThat(BenchmarkSuites.select("gpt2-small").get(0)).isInstanceOf(Gpt2SmallSuite.class);
        BenchContext quick = new BenchContext(Path.of("."), true, ProgressReporter.silent(), null);
        assertThat(Gpt2SmallSuite.workload(quick)).isEqualTo(Gpt2SmallWorkload.QUICK);
    }

    @Test
    void roundsAddUpAndRatiosAreReportedRoundByRound() {
        double[][] rounds = {{1.0, 2.0, 4.0}, {3.0, 2.0, 2.0}};
        assertThat(Gpt2SmallSuite.sum(rounds)).containsExactly(4.0, 4.0, 6.0);
        assertThat(Gpt2SmallSuite.perRound(rounds, 1)).isEqualTo("0.500, 1.500");
        assertThat(Gpt2SmallSuite.perRound(rounds, 0, 2)).isEqualTo("4.000, 0.667");
    }

    @Test
    void workloadsThatDoNotFitTheContextAreRefused() {
        assertThatThrownBy(() -> new Gpt2SmallWorkload(1, 257, 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gpt2SmallWorkload(0, 10, 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
