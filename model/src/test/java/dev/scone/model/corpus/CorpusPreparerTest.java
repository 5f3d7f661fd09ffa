package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusPreparerTest {

    private static final long SEED = CorpusPreparer.DEFAULT_SEED;
    private static final FileTime LONG_AGO = FileTime.fromMillis(0);

    @TempDir Path work;
    private Path raw;

    @BeforeEach
    void writeRawCorpora() throws IOException {
        raw = work.resolve("raw");
        Path brown = Files.createDirectories(raw.resolve("brown"));
        for (int i = 1; i <= 12; i++) {
            Files.writeString(
                    brown.resolve(String.format("ca%02d", i)),
                    String.format(
                            "\n\n\tStory/nn %d/cd said/vbd ``/`` yes/rb ''/'' ./.\n"
                                    + "\n\n\tIt/pps ended/vbd ./.\n",
                            i));
        }
        for (int i = 1; i <= 3; i++) {
            Files.writeString(
                    brown.resolve(String.format("cb%02d", i)), "Editorial/nn " + i + "/cd ./.\n");
        }
        Files.writeString(brown.resolve("README"), "BROWN CORPUS\n");
        Path fortunes =
                Files.createDirectories(
                        raw.resolve("fortunes").resolve(FortuneCorpus.INSTALLED_LOCATION));
        StringBuilder cookies = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            cookies.append("Fortune ").append(i).append(".\n\t-- Author\n%\n");
        }
        Files.writeString(fortunes.resolve("wisdom"), cookies + "Fortune 1.\n\t-- Author\n%\n");
        Files.writeString(fortunes.resolve("wisdom.dat"), "index");
    }

    private Manifest prepare(Path out, long seed) throws IOException {
        return new CorpusPreparer(raw, out, seed).prepare(ProgressReporter.silent());
    }

    @Test
    void writesEverySplitOfEveryCorpusInCorpusFileFormat() throws IOException {
        Path out = work.resolve("out");

        Manifest manifest = prepare(out, SEED);

        assertThat(manifest.corpora())
                .extracting(CorpusManifest::name)
                .containsExactly("brown-a", "brown-b", "fortunes");
        assertCounts(manifest.corpus("brown-a").orElseThrow(), 10, 1, 1);
        assertCounts(manifest.corpus("brown-b").orElseThrow(), 1, 1, 1);
        // The 21st fortune repeats the first and is dropped.
        assertCounts(manifest.corpus("fortunes").orElseThrow(), 16, 2, 2);
        assertThat(manifest.seed()).isEqualTo(SEED);
        assertThat(manifest.validationRatio()).isEqualTo(0.1);
        assertThat(manifest.testRatio()).isEqualTo(0.1);

        for (CorpusManifest corpus : manifest.corpora()) {
            for (Split split : Split.values()) {
                SplitManifest entry = corpus.split(split);
                Path file = out.resolve(split.directoryName()).resolve(corpus.name() + ".txt");
                assertThat(out.resolve(entry.file())).isEqualTo(file);
                List<String> documents = CorpusDocuments.read(file);
                assertThat(documents).hasSize(entry.documents());
                assertThat(entry.documentIds()).hasSize(entry.documents());
                assertThat(documents.stream().mapToLong(text -> text.codePoints().count()).sum())
                        .isEqualTo(entry.characters());
            }
        }
        List<String> news = CorpusDocuments.read(out.resolve("train/brown-a.txt"));
        assertThat(news)
                .allSatisfy(
                        text -> assertThat(text).matches("Story \\d+ said \"yes\".\nIt ended."));
        assertThat(CorpusDocuments.read(out.resolve("test/fortunes.txt")))
                .allSatisfy(text -> assertThat(text).matches("Fortune \\d+.\n\t-- Author"));
        assertThat(Manifest.read(out.resolve(Manifest.FILE_NAME))).isEqualTo(manifest);
    }

    @Test
    void documentIdsOfSplitsAreDisjointAndMatchTheFiles() throws IOException {
        Path out = work.resolve("out");

        Manifest manifest = prepare(out, SEED);

        for (CorpusManifest corpus : manifest.corpora()) {
            List<String> all = new ArrayList<>();
            for (Split split : Split.values()) {
                all.addAll(corpus.split(split).documentIds());
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(corpus.documents());
        }
        List<String> testIds = manifest.corpus("brown-a").orElseThrow().test().documentIds();
        String onlyTestDocument = CorpusDocuments.read(out.resolve("test/brown-a.txt")).get(0);
        int storyNumber = Integer.parseInt(testIds.get(0).substring(2));
        assertThat(onlyTestDocument).startsWith("Story " + storyNumber + " said");
    }

    @Test
    void sameInputGivesByteIdenticalOutput() throws IOException {
        prepare(work.resolve("first"), SEED);
        prepare(work.resolve("second"), SEED);

        assertThat(contents(work.resolve("second"))).isEqualTo(contents(work.resolve("first")));
    }

    @Test
    void upToDateOutputIsLeftAlone() throws IOException {
        Path out = work.resolve("out");
        Manifest first = prepare(out, SEED);
        backdateAll(out);

        Manifest second = prepare(out, SEED);

        assertThat(second).isEqualTo(first);
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .allSatisfy(
                            file ->
                                    assertThat(Files.getLastModifiedTime(file))
                                            .isEqualTo(LONG_AGO));
        }
    }

    @Test
    void changedSeedInputOrOutputIsRedone() throws IOException {
        Path out = work.resolve("out");
        Manifest first = prepare(out, SEED);

        Manifest reseeded = prepare(out, SEED + 1);
        assertThat(reseeded.seed()).isEqualTo(SEED + 1);
        assertThat(reseeded.corpora()).isNotEqualTo(first.corpora());

        Files.writeString(raw.resolve("brown").resolve("ca13"), "Late/jj story/nn ./.\n");
        Manifest grown = prepare(out, SEED + 1);
        assertThat(grown.corpus("brown-a").orElseThrow().documents()).isEqualTo(13);

        Files.writeString(out.resolve("train/fortunes.txt"), "Tampered.\n");
        prepare(out, SEED + 1);
        assertThat(CorpusDocuments.read(out.resolve("train/fortunes.txt")))
                .hasSize(grown.corpus("fortunes").orElseThrow().train().documents());
    }

    @Test
    void corpusThatNoLongerExistsLosesItsFiles() throws IOException {
        Path out = work.resolve("out");
        prepare(out, SEED);
        try (Stream<Path> editorials = Files.list(raw.resolve("brown"))) {
            for (Path file :
                    editorials.filter(p -> p.getFileName().toString().startsWith("cb")).toList()) {
                Files.delete(file);
            }
        }

        Manifest manifest = prepare(out, SEED);

        assertThat(manifest.corpus("brown-b")).isEmpty();
        for (Split split : Split.values()) {
            assertThat(out.resolve(split.directoryName()).resolve("brown-b.txt")).doesNotExist();
        }
    }

    @Test
    void rawFolderWithoutCorporaIsRefusedClearly() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty"));

        assertThatThrownBy(
                        () ->
                                new CorpusPreparer(empty, work.resolve("out"), SEED)
                                        .prepare(ProgressReporter.silent()))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("holds none of brown/, fortunes/, sotu/, austen/");
    }

    @Test
    void addedCorporaAreSplitOnTheirOwnAndLeaveTheOthersAlone() throws IOException {
        Path before = work.resolve("before");
        prepare(before, SEED);
        Map<String, String> earlier = contents(before);
        writeSotuAndAusten();
        Path after = work.resolve("after");

        Manifest manifest = prepare(after, SEED);

        assertThat(manifest.corpora())
                .extracting(CorpusManifest::name)
                .containsExactly("austen", "brown-a", "brown-b", "fortunes", "sotu");
        assertCounts(manifest.corpus("sotu").orElseThrow(), 10, 1, 1);
        assertCounts(manifest.corpus("austen").orElseThrow(), 16, 2, 2);
        Map<String, String> later = contents(after);
        earlier.keySet().stream()
                .filter(file -> !file.equals(Manifest.FILE_NAME))
                .forEach(file -> assertThat(later.get(file)).as(file).isEqualTo(earlier.get(file)));
        assertThat(CorpusDocuments.read(after.resolve("test/austen.txt")))
                .hasSize(2)
                .allSatisfy(
                        text ->
                                assertThat(text)
                                        .matches("Chapter text \\d+ of (emma|persuasion)\\."));
        // Prepared again from the same input, the new corpora give the same bytes again.
        prepare(work.resolve("again"), SEED);
        assertThat(contents(work.resolve("again"))).isEqualTo(later);
    }

    /** Twelve addresses, and two novels of ten chapters each in an R lazy-load database. */
    private void writeSotuAndAusten() throws IOException {
        Path sotu = Files.createDirectories(raw.resolve("sotu").resolve(SotuCorpus.DATA_LOCATION));
        for (int i = 0; i < 12; i++) {
            Files.writeString(
                    sotu.resolve((1790 + i) + "_george_washington_n.txt"),
                    "Fellow Citizens, address " + i + ".");
        }
        Map<String, byte[]> novels = new java.util.LinkedHashMap<>();
        for (String novel : List.of("persuasion", "emma")) {
            List<String> lines = new ArrayList<>(List.of(novel.toUpperCase(), ""));
            for (int chapter = 1; chapter <= 10; chapter++) {
                lines.add("CHAPTER " + chapter);
                lines.add("");
                lines.add("Chapter text " + chapter + " of " + novel + ".");
                lines.add("");
            }
            novels.put(novel, new RData().strings(lines).bytes());
        }
        RData.writeDatabase(
                raw.resolve("austen").resolve(AustenCorpus.INSTALLED_LOCATION), "Rdata", novels);
    }

    private static void assertCounts(CorpusManifest corpus, int train, int validation, int test) {
        assertThat(corpus.train().documents()).as("%s train", corpus.name()).isEqualTo(train);
        assertThat(corpus.validation().documents())
                .as("%s validation", corpus.name())
                .isEqualTo(validation);
        assertThat(corpus.test().documents()).as("%s test", corpus.name()).isEqualTo(test);
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(
                        dir.relativize(file).toString(),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return contents;
    }

    private static void backdateAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, LONG_AGO);
            }
        }
    }
}
