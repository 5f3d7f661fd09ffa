package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SotuCorpusTest {

    @Test
    void addressIsCleanedAndReflowed() {
        assertThat(
                        SotuCorpus.toText(
                                "Fellow Citizens:  the 4 1\u0002 per cent bonds.\r\n\r\nNext.  \n"))
                .isEqualTo("Fellow Citizens: the 4 1 per cent bonds.\nNext.");
    }

    @Test
    void addressFilesAreReadInYearOrderWithoutTheirJsonTwinsOrRepeats(@TempDir Path root)
            throws IOException {
        writePackage(root);

        SotuCorpus corpus = new SotuCorpus(root);

        Path data = root.resolve(SotuCorpus.DATA_LOCATION);
        assertThat(corpus.files())
                .containsExactly(
                        data.resolve("1790_george_washington_n.txt"),
                        data.resolve("1791_george_washington_n.txt"),
                        data.resolve("1792_george_washington_n.txt"));
        assertThat(corpus.documents(ProgressReporter.silent()))
                .containsExactly(
                        new CorpusDocument("1790_george_washington_n", "Fellow Citizens, 1790."),
                        new CorpusDocument("1791_george_washington_n", "Fellow Citizens, 1791."));
    }

    /** A package with three addresses, the third repeating the first, and their JSON twins. */
    static void writePackage(Path root) throws IOException {
        Path data = Files.createDirectories(root.resolve(SotuCorpus.DATA_LOCATION));
        Files.writeString(data.resolve("1790_george_washington_n.txt"), "Fellow Citizens, 1790.");
        Files.writeString(data.resolve("1791_george_washington_n.txt"), "Fellow Citizens, 1791.");
        Files.writeString(data.resolve("1792_george_washington_n.txt"), "Fellow Citizens, 1790.");
        Files.writeString(data.resolve("1790_george_washington_n.json"), "{\"text\": \"x\"}");
        Files.writeString(root.resolve("README.md"), "# State of the Union\n");
    }
}
