package dev.scone.flink.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.io.DocumentBlockFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentBlockFormatTest {

    @TempDir Path dir;

    @Test
    void readsOneRecordPerBlankLineSeparatedBlock() throws IOException {
        assertThat(read("first line\nsecond line\n\nnext document\n"))
                .containsExactly("first line\nsecond line", "next document");
    }

    @Test
    void treatsRunsOfBlankAndWhitespaceLinesAsOneSeparator() throws IOException {
        assertThat(read("\n\none\n\n\n \t \ntwo\n  \n\n")).containsExactly("one", "two");
    }

    @Test
    void readsALastDocumentWithoutNewlineAndWindowsLineEnds() throws IOException {
        assertThat(read("a\r\nb\r\n\r\nc")).containsExactly("a\nb", "c");
    }

    @Test
    void keepsNonAsciiTextIntact() throws IOException {
        assertThat(read("naïve café\n東京 🙂\n\nß")).containsExactly("naïve café\n東京 🙂", "ß");
    }

    @Test
    void readsNothingFromAnEmptyOrBlankFile() throws IOException {
        assertThat(read("")).isEmpty();
        assertThat(read("\n \n\n")).isEmpty();
    }

    @Test
    void isNotSplittableSoNoDocumentIsCutInTwo() {
        assertThat(new DocumentBlockFormat().isSplittable()).isFalse();
    }

    private List<String> read(String content) throws IOException {
        Path file = Files.createTempFile(dir, "corpus", ".txt");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        List<String> documents = new ArrayList<>();
        try (StreamFormat.Reader<String> reader =
                new DocumentBlockFormat()
                        .createReader(
                                new Configuration(), new LocalDataInputStream(file.toFile()))) {
            String document;
            while ((document = reader.read()) != null) {
                documents.add(document);
            }
        }
        return documents;
    }
}
