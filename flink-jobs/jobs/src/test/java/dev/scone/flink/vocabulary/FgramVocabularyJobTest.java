package dev.scone.flink.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.MiniClusters;
import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.fgram.VocabularyMetadata;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole vocabulary job once, on a Flink MiniCluster at parallelism 2, over a small
 * synthetic corpus, and compares its output row by row with the brute-force definition.
 */
class FgramVocabularyJobTest {

    static final int PARALLELISM = 2;
    static final int MAX_N = 5;
    static final long MIN_COUNT = 5;
    static final List<String> DOCUMENTS = SyntheticCorpus.documents(7, 48);
    static final BruteForceVocabulary REFERENCE = new BruteForceVocabulary(DOCUMENTS, MAX_N);

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.oneTaskManager(PARALLELISM);

    @TempDir static Path dir;

    private static final List<PassStatistics> reported = new CopyOnWriteArrayList<>();
    private static VocabularyJobConfig config;
    private static VocabularyBuildSummary summary;
    private static FgramVocabulary written;

    @BeforeAll
    static void buildVocabularyOfTheSyntheticCorpus() throws Exception {
        config =
                new VocabularyJobConfig(
                        List.of("in-memory documents"),
                        dir.resolve("vocabulary.fgv"),
                        MAX_N,
                        MIN_COUNT,
                        0,
                        PARALLELISM);
        summary = new FgramVocabularyJob(config, reported::add).run(env -> env.fromData(DOCUMENTS));
        written = FgramVocabularyFile.read(config.out());
    }

    @Test
    void keepsExactlyTheFrequentNgramsOfTheBruteForceCount() {
        List<CountedFgram> expected = REFERENCE.topFrequent(MIN_COUNT, 0);

        assertThat(REFERENCE.corpusTokens()).isBetween(2_000L, 10_000L);
        assertThat(expected).extracting(CountedFgram::length).contains(2, 3, 4, 5);
        assertThat(rows(written)).containsExactlyElementsOf(expected);
        assertThat(written.metadata().countAtCut())
                .isEqualTo(expected.get(expected.size() - 1).count());
    }

    @Test
    void isSuffixClosedWithoutRepairs() {
        assertThat(written.isSuffixClosed()).isTrue();
        assertThat(summary.suffixClosureRemovals()).isZero();
    }

    @Test
    void recordsTheCorpusAndTheSettings() {
        VocabularyMetadata metadata = written.metadata();

        assertThat(metadata.corpusTokens()).isEqualTo(REFERENCE.corpusTokens());
        assertThat(metadata.corpusDocuments()).isEqualTo(DOCUMENTS.size());
        assertThat(metadata.tokenizer()).isEqualTo(Gpt2Tokenizer.NAME);
        assertThat(metadata.maxN()).isEqualTo(MAX_N);
        assertThat(metadata.minCount()).isEqualTo(MIN_COUNT);
        assertThat(metadata.requestedSize()).isZero();
        assertThat(written.fingerprint()).isEqualTo(summary.metadata().fingerprint());
    }

    @Test
    void reportsEveryPassWithTheCandidatesAprioriAllows() {
        assertThat(reported).extracting(PassStatistics::n).containsExactly(2, 3, 4, 5);
        assertThat(summary.passes()).isEqualTo(reported);
        for (PassStatistics pass : reported) {
            assertThat(pass.candidates())
                    .as("candidates of pass %d", pass.n())
                    .isEqualTo(REFERENCE.candidates(pass.n(), MIN_COUNT));
            assertThat(pass.kept())
                    .as("kept in pass %d", pass.n())
                    .isEqualTo(REFERENCE.frequent(pass.n(), MIN_COUNT));
            assertThat(pass.seconds()).isNotNegative();
        }
        // Pruning has to bite on this corpus, or the test would not show it is right.
        assertThat(reported.get(2).candidates()).isLessThan(REFERENCE.distinct(4));
    }

    @Test
    void writesASummaryThatReadsAsVocabularyMetadata() throws Exception {
        assertThat(VocabularyMetadata.readJson(config.summaryFile()))
                .isEqualTo(summary.metadata())
                .isEqualTo(written.metadata());
        assertThat(Files.readString(config.summaryFile()))
                .contains("\"passes\"", "\"wallSeconds\"", "\"keptByLength\"", "\"inputs\"");
        assertThat(summary.toText()).contains("f-grams", "count at cut", "fingerprint");
    }

    @Test
    void countsNoNgramAcrossDocuments() {
        int[] end = Gpt2Tokenizer.get().encode(SyntheticCorpus.LAST_WORD);
        int[] start = Gpt2Tokenizer.get().encode(SyntheticCorpus.FIRST_WORD);
        int lastOfDocument = end[end.length - 1];
        int firstOfDocument = start[0];
        List<int[]> spanningBoundary = new ArrayList<>();
        written.forEach(
                (gram, count) -> {
                    for (int k = 0; k + 1 < gram.length; k++) {
                        if (gram[k] == lastOfDocument && gram[k + 1] == firstOfDocument) {
                            spanningBoundary.add(gram);
                        }
                    }
                });

        // Every document boundary pairs these two tokens, far more often than the minimum count.
        assertThat(DOCUMENTS.size() - 1).isGreaterThan((int) MIN_COUNT);
        assertThat(spanningBoundary).isEmpty();
    }

    static List<CountedFgram> rows(FgramVocabulary vocabulary) {
        List<CountedFgram> rows = new ArrayList<>();
        vocabulary.forEach((gram, count) -> rows.add(new CountedFgram(gram, count)));
        return rows;
    }
}
