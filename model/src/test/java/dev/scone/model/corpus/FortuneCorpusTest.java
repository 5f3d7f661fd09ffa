package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FortuneCorpusTest {

    @Test
    void entriesAreSeparatedByPercentLinesAndKeepTheirLineBreaks() {
        String cookies =
                "Line one of the first.  \n"
                        + "\t\t-- Someone\n"
                        + "%\n"
                        + "\n"
                        + "Second, after a blank line.\n"
                        + "\n"
                        + "Its last line.\n"
                        + "%\n"
                        + "%\n"
                        + "Last, without a closing separator.";

        assertThat(FortuneCorpus.entries(cookies))
                .containsExactly(
                        "Line one of the first.\n\t\t-- Someone",
                        "Second, after a blank line.\nIts last line.",
                        "",
                        "Last, without a closing separator.");
    }

    @Test
    void overstrikesResolveAndControlCharactersGo() {
        assertThat(FortuneCorpus.clean("I *____\b\b\b\bknew* it _\bI\u0007 said\r"))
                .isEqualTo("I *knew* it I said");
    }

    @Test
    void cookieFilesAreReadWithoutIndexesLinksOrDuplicates(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(FortuneCorpus.INSTALLED_LOCATION));
        Files.writeString(dir.resolve("computers"), "Bugs.\n%\n%\nShared wisdom.\n%\n");
        Files.writeString(dir.resolve("art"), "Shared wisdom.\n%\nArt.\n%\n");
        Files.write(dir.resolve("art.dat"), new byte[] {0, 0, 0, 2, 0, 0, 0, 2});
        Files.createSymbolicLink(dir.resolve("art.u8"), Path.of("art"));

        FortuneCorpus corpus = new FortuneCorpus(root);

        assertThat(corpus.files()).containsExactly(dir.resolve("art"), dir.resolve("computers"));
        List<CorpusDocument> documents = corpus.documents(ProgressReporter.silent());
        assertThat(documents)
                .containsExactly(
                        new CorpusDocument("art:0001", "Shared wisdom."),
                        new CorpusDocument("art:0002", "Art."),
                        new CorpusDocument("computers:0001", "Bugs."));
    }
}
