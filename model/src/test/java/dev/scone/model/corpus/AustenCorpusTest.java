package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AustenCorpusTest {

    static final List<String> EMMA =
            List.of(
                    "EMMA",
                    "",
                    "By Jane Austen",
                    "",
                    "VOLUME I",
                    "",
                    "CHAPTER I",
                    "",
                    "Emma Woodhouse, handsome, clever, and rich, with a comfortable home",
                    "and happy disposition,  seemed to unite _some_ of the best blessings.",
                    "",
                    "She was the youngest.",
                    "",
                    "",
                    "VOLUME II",
                    "",
                    "CHAPTER II",
                    "",
                    "*     *     *",
                    "",
                    "Mr. Weston was a native of Highbury.",
                    "",
                    "FINIS");

    static final List<String> PERSUASION =
            List.of("Persuasion", "", "Chapter 1", "", "Sir Walter Elliot.", "Chapter 2", "");

    @Test
    void chaptersRunFromHeadingToHeadingAndLoseTitlePagesAndMarkup() {
        assertThat(AustenCorpus.chapters("emma", EMMA))
                .containsExactly(
                        new CorpusDocument(
                                "emma:01",
                                "Emma Woodhouse, handsome, clever, and rich, with a comfortable"
                                        + " home and happy disposition, seemed to unite some of"
                                        + " the best blessings.\n"
                                        + "She was the youngest."),
                        new CorpusDocument("emma:02", "Mr. Weston was a native of Highbury."));
    }

    @Test
    void emptyChapterIsLeftOutAndArabicNumeralsAreHeadingsToo() {
        assertThat(AustenCorpus.chapters("persuasion", PERSUASION))
                .containsExactly(new CorpusDocument("persuasion:01", "Sir Walter Elliot."));
        assertThat(AustenCorpus.chapters("none", List.of("No chapters at all."))).isEmpty();
    }

    @Test
    void installedPackageIsReadNovelByNovelInNameOrder(@TempDir Path root) throws IOException {
        writeInstalledPackage(root);

        AustenCorpus corpus = new AustenCorpus(root);

        Path data = root.resolve(AustenCorpus.INSTALLED_LOCATION);
        assertThat(corpus.files())
                .containsExactly(data.resolve("Rdata.rdx"), data.resolve("Rdata.rdb"));
        assertThat(corpus.documents(ProgressReporter.silent()))
                .extracting(CorpusDocument::id)
                .containsExactly("emma:01", "emma:02", "persuasion:01");
    }

    /** The two novels as r-cran-janeaustenr installs them, in an R lazy-load database. */
    static void writeInstalledPackage(Path root) throws IOException {
        Map<String, byte[]> novels = new LinkedHashMap<>();
        novels.put("persuasion", new RData().strings(PERSUASION).bytes());
        novels.put("emma", new RData().strings(EMMA).bytes());
        RData.writeDatabase(root.resolve(AustenCorpus.INSTALLED_LOCATION), "Rdata", novels);
    }
}
