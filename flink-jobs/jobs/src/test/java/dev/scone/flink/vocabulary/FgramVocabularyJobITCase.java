package dev.scone.flink.vocabulary;

import static dev.scone.flink.vocabulary.FgramVocabularyJobTest.DOCUMENTS;
import static dev.scone.flink.vocabulary.FgramVocabularyJobTest.MAX_N;
import static dev.scone.flink.vocabulary.FgramVocabularyJobTest.MIN_COUNT;
import static dev.scone.flink.vocabulary.FgramVocabularyJobTest.PARALLELISM;
import static dev.scone.flink.vocabulary.FgramVocabularyJobTest.REFERENCE;
import static dev.scone.flink.vocabulary.FgramVocabularyJobTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.flink.MiniClusters;
import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vocabulary job reading real corpus files through Flink's file source: plain and gzip files,
 * files and directories mixed, a size S that cuts through a tie, and an input without documents.
 */
class FgramVocabularyJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.oneTaskManager(PARALLELISM);

    @TempDir Path dir;

    @Test
    void readsPlainAndGzipFilesAlikeAndCutsTiesByRank() throws Exception {
        List<CountedFgram> all = REFERENCE.topFrequent(MIN_COUNT, 0);
        int size = sizeCuttingATie(all);
        Path plain = dir.resolve("plain");
        Path gzip = dir.resolve("gzip");
        SyntheticCorpus.write(plain, DOCUMENTS, 3, false);
        SyntheticCorpus.write(gzip, DOCUMENTS, 3, true);
        VocabularyJobConfig fromPlain = config(List.of(plain), dir.resolve("plain.fgv"), size);
        VocabularyJobConfig fromGzip =
                config(
                        List.of(
                                gzip.resolve("part-0.txt.gz"),
                                gzip.resolve("part-2.txt.gz"),
                                gzip.resolve("more")),
                        dir.resolve("gzip.fgv"),
                        size);

        new FgramVocabularyJob(fromPlain, pass -> {}).run();
        new FgramVocabularyJob(fromGzip, pass -> {}).run();

        FgramVocabulary plainVocabulary = FgramVocabularyFile.read(fromPlain.out());
        FgramVocabulary gzipVocabulary = FgramVocabularyFile.read(fromGzip.out());
        assertThat(rows(plainVocabulary))
                .containsExactlyElementsOf(REFERENCE.topFrequent(MIN_COUNT, size));
        assertThat(plainVocabulary.isSuffixClosed()).isTrue();
        assertThat(plainVocabulary.metadata().countAtCut()).isEqualTo(all.get(size - 1).count());
        assertThat(plainVocabulary.metadata().corpusDocuments()).isEqualTo(DOCUMENTS.size());
        assertThat(gzipVocabulary.fingerprint()).isEqualTo(plainVocabulary.fingerprint());
        assertThat(gzipVocabulary.metadata().corpusDocuments()).isEqualTo(DOCUMENTS.size());
        assertThat(gzipVocabulary.metadata().corpusTokens()).isEqualTo(REFERENCE.corpusTokens());
    }

    @Test
    void rejectsAnInputWithoutDocuments() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("blank.txt"), "\n\n   \n");
        VocabularyJobConfig config = config(List.of(empty), dir.resolve("none.fgv"), 0);

        assertThatThrownBy(() -> new FgramVocabularyJob(config, pass -> {}).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no documents");
        assertThat(config.out()).doesNotExist();
    }

    /** The job over {@code inputs} with this test's K, minimum count and parallelism. */
    private static VocabularyJobConfig config(List<Path> inputs, Path out, int size) {
        return new VocabularyJobConfig(
                inputs.stream().map(Path::toString).toList(),
                out,
                MAX_N,
                MIN_COUNT,
                size,
                PARALLELISM);
    }

    /** A size S whose last kept f-gram has the same count and length as the first one cut. */
    private static int sizeCuttingATie(List<CountedFgram> ranked) {
        for (int i = ranked.size() / 2; i + 1 < ranked.size(); i++) {
            if (ranked.get(i).count() == ranked.get(i + 1).count()
                    && ranked.get(i).length() == ranked.get(i + 1).length()) {
                return i + 1;
            }
        }
        throw new IllegalStateException("The synthetic corpus has no tie to cut.");
    }
}
