package dev.scone.flink.vocabulary;

import static dev.scone.flink.vocabulary.FgramVocabularyJobTest.DOCUMENTS;
import static dev.scone.flink.vocabulary.FgramVocabularyJobTest.REFERENCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.ExitCodes;
import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scone vocab build}, then {@code stats} and {@code dump} on what it wrote, through the real
 * command line and a local MiniCluster.
 */
class VocabCommandITCase {

    @TempDir Path dir;

    @Test
    void buildsAVocabularyThatStatsAndDumpDescribe() throws Exception {
        Path corpus = dir.resolve("corpus");
        SyntheticCorpus.write(corpus, DOCUMENTS, 2, true);
        Path out = dir.resolve("vocabulary.fgv");

        CommandLineRun build =
                CommandLineRun.of(
                        "vocab",
                        "build",
                        "--input",
                        corpus.toString(),
                        "--out",
                        out.toString(),
                        "--size",
                        "300",
                        "--parallelism",
                        "2");

        assertThat(build.status()).as(build.err()).isEqualTo(ExitCodes.OK);
        assertThat(build.err()).contains("pass 2:", "pass 3:", "pass 4:", "pass 5:");
        assertThat(build.out()).contains("f-grams", "300", "suffix closed");
        assertThat(Path.of(out + ".summary.json")).exists();
        FgramVocabulary vocabulary = FgramVocabularyFile.read(out);
        assertThat(vocabulary.size()).isEqualTo(300);

        CommandLineRun stats = CommandLineRun.of("vocab", "stats", "--vocab", out.toString());

        assertThat(stats.status()).isEqualTo(ExitCodes.OK);
        assertThat(stats.out())
                .contains("suffix closed   yes")
                .contains(vocabulary.fingerprint())
                .contains(String.format("%,d", REFERENCE.corpusTokens()));

        CommandLineRun dump = CommandLineRun.of("vocab", "dump", "--vocab", out.toString());

        assertThat(dump.status()).isEqualTo(ExitCodes.OK);
        List<CountedFgram> dumped = new ArrayList<>();
        for (String line : dump.out().split("\n")) {
            String[] countAndIds = line.split("\t");
            int[] gram =
                    Arrays.stream(countAndIds[1].split(" ")).mapToInt(Integer::parseInt).toArray();
            dumped.add(new CountedFgram(gram, Long.parseLong(countAndIds[0])));
        }
        assertThat(dumped)
                .containsExactlyElementsOf(
                        REFERENCE.topFrequent(FgramVocabularyJobTest.MIN_COUNT, 300));
    }
}
