package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusDocumentsTest {

    @Test
    void documentsAreSeparatedByOneBlankLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("corpus.txt");

        CorpusDocuments.write(file, List.of("First paragraph.\nSecond one.", "\t\t-- Someone"));

        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("First paragraph.\nSecond one.\n\n\t\t-- Someone\n");
        assertThat(CorpusDocuments.read(file))
                .containsExactly("First paragraph.\nSecond one.", "\t\t-- Someone");
    }

    @Test
    void readingToleratesExtraBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("corpus.txt");
        Files.writeString(file, "\n\nOne\n   \n\n\nTwo\nlines\n\n");

        assertThat(CorpusDocuments.read(file)).containsExactly("One", "Two\nlines");
    }

    @Test
    void folderStreamsItsCorpusFilesInNameOrder(@TempDir Path dir) throws IOException {
        CorpusDocuments.write(dir.resolve("fortunes.txt"), List.of("Fortune."));
        CorpusDocuments.write(dir.resolve("brown-b.txt"), List.of("Editorial."));
        CorpusDocuments.write(dir.resolve("brown-a.txt"), List.of("News one.", "News two."));
        Files.writeString(dir.resolve("notes.md"), "Not a corpus.\n");

        List<String> seen = new ArrayList<>();
        CorpusDocuments.forEach(dir, seen::add);

        assertThat(seen).containsExactly("News one.", "News two.", "Editorial.", "Fortune.");
    }

    @Test
    void emptyListWritesAnEmptyFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("test").resolve("brown-m.txt");

        CorpusDocuments.write(file, List.of());

        assertThat(file).isEmptyFile();
        assertThat(CorpusDocuments.read(file)).isEmpty();
    }

    @Test
    void documentThatWouldNotReadBackIsRefused(@TempDir Path dir) {
        Path file = dir.resolve("corpus.txt");

        assertThatThrownBy(() -> CorpusDocuments.write(file, List.of("One.\n\nTwo.")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank line");
        assertThatThrownBy(() -> CorpusDocuments.write(file, List.of("  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is blank");
        assertThat(file).doesNotExist();
    }

    @Test
    void missingCorpusIsReportedByName(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.txt");

        assertThatThrownBy(() -> CorpusDocuments.forEach(missing, text -> {}))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nowhere.txt");
    }
}
