package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrownCorpusTest {

    private static final String SAMPLE =
            "\n\n\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ./.\n"
                    + "\n\n"
                    + "Merger/nn-hl proposed/vbn-hl \n"
                    + "However/wrb ,/, the/at jury/nn said/vbd it/pps believes/vbz ./.\n"
                    + "It/pps urged/vbd action/nn ./.   \n"
                    + "\n\n\n";

    @Test
    void sampleBecomesOneLinePerParagraphWithHeadlinesApart() {
        assertThat(BrownCorpus.toText(SAMPLE))
                .isEqualTo(
                        "The jury said \"no evidence\".\n"
                                + "Merger proposed\n"
                                + "However, the jury said it believes. It urged action.");
    }

    @Test
    void quotedHeadlineStaysAHeadline() {
        String sample = "``/`` Must/md-hl solve/vb-hl problem/nn-hl ''/'' \nIt/pps did/dod ./.\n";

        assertThat(BrownCorpus.toText(sample)).isEqualTo("\"Must solve problem\"\nIt did.");
    }

    @Test
    void headlineWithAnUntaggedWordStaysAHeadline() {
        String sample =
                "The/at nation/nn \n"
                        + "the/at-hl three-front/jj war/nn-hl \n"
                        + "At/in a/at session/nn ,/, Herter/np reported/vbd ./.\n";

        assertThat(BrownCorpus.toText(sample))
                .isEqualTo("The nation\nthe three-front war\nAt a session, Herter reported.");
    }

    @Test
    void samplesAreGroupedByGenreLetterAndOtherFilesIgnored(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ca02"), "Second/od ./.\n");
        Files.writeString(dir.resolve("ca01"), "First/od ./.\n");
        Files.writeString(dir.resolve("cr09"), "Humor/nn ./.\n");
        Files.writeString(dir.resolve("CONTENTS"), "A. PRESS: REPORTAGE\n");
        Files.writeString(dir.resolve("README"), "BROWN CORPUS\n");
        Files.writeString(dir.resolve("cats.txt"), "ca01 news\n");

        SortedMap<Character, List<CorpusDocument>> byGenre =
                new BrownCorpus(dir).documentsByGenre(ProgressReporter.silent());

        assertThat(byGenre.keySet()).containsExactly('a', 'r');
        assertThat(byGenre.get('a'))
                .containsExactly(
                        new CorpusDocument("ca01", "First."),
                        new CorpusDocument("ca02", "Second."));
        assertThat(byGenre.get('r')).containsExactly(new CorpusDocument("cr09", "Humor."));
    }
}
