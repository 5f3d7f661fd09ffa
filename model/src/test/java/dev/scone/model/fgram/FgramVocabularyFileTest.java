package dev.scone.model.fgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.schemas.FgramCount;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FgramVocabularyFileTest {

    @TempDir Path dir;

    private static FgramVocabulary randomVocabulary(int size, long seed) {
        Random random = new Random(seed);
        List<CountedFgram> fgrams = FgramRankingTest.randomDistinctFgrams(random, size, 1_000);
        return FgramVocabulary.builder()
                .maxN(5)
                .minCount(2)
                .requestedSize(size)
                .corpus(10_000, 20)
                .createdAt("2025-06-01T12:00:00Z")
                .addAll(fgrams)
                .build();
    }

    @Test
    void writesAndReadsAVocabulary() throws IOException {
        FgramVocabulary written = randomVocabulary(300, 1);
        Path file = dir.resolve("vocabulary.avro");

        FgramVocabularyFile.write(file, written);
        FgramVocabulary read = FgramVocabularyFile.read(file);

        assertThat(read.metadata()).isEqualTo(written.metadata());
        assertThat(read.size()).isEqualTo(written.size());
        for (int row = 0; row < written.size(); row++) {
            assertThat(read.gram(row)).containsExactly(written.gram(row));
            assertThat(read.count(row)).isEqualTo(written.count(row));
        }
        assertThat(FgramVocabularyFile.readMetadata(file)).isEqualTo(written.metadata());
    }

    @Test
    void streamsRowsInFileOrder() throws IOException {
        FgramVocabulary vocabulary = randomVocabulary(50, 2);
        Path file = dir.resolve("vocabulary.avro");
        FgramVocabularyFile.write(file, vocabulary);
        List<CountedFgram> streamed = new ArrayList<>();

        VocabularyMetadata header =
                FgramVocabularyFile.forEach(
                        file, (gram, count) -> streamed.add(new CountedFgram(gram, count)));

        List<CountedFgram> expected = new ArrayList<>();
        vocabulary.forEach((gram, count) -> expected.add(new CountedFgram(gram, count)));
        assertThat(streamed).isEqualTo(expected);
        assertThat(header).isEqualTo(vocabulary.metadata());
    }

    @Test
    void streamingWriterInRankingOrderKnowsTheFingerprint() throws IOException {
        FgramVocabulary vocabulary = randomVocabulary(80, 3);
        Path file = dir.resolve("streamed.avro");
        VocabularyMetadata provenance =
                VocabularyMetadata.provenance("gpt2-r50k_base", 5, 2, 80, 10_000, 20, "then");

        VocabularyMetadata summary;
        try (FgramVocabularyFile.Writer writer = FgramVocabularyFile.openWriter(file, provenance)) {
            for (int row = 0; row < vocabulary.size(); row++) {
                writer.append(vocabulary.gram(row), vocabulary.count(row));
            }
            assertThat(writer.rows()).isEqualTo(vocabulary.size());
            summary = writer.summary();
        }

        assertThat(summary.fingerprint()).isEqualTo(vocabulary.fingerprint());
        assertThat(summary.keptPerLength()).isEqualTo(vocabulary.metadata().keptPerLength());
        assertThat(summary.countAtCut()).isEqualTo(vocabulary.metadata().countAtCut());
        assertThat(FgramVocabularyFile.readMetadata(file)).isEqualTo(provenance);
        FgramVocabulary read = FgramVocabularyFile.read(file);
        assertThat(read.metadata()).isEqualTo(summary);
    }

    @Test
    void streamingWriterOutOfOrderLeavesTheFingerprintToTheReader() throws IOException {
        FgramVocabulary vocabulary = randomVocabulary(40, 4);
        Path file = dir.resolve("unordered.avro");
        VocabularyMetadata provenance =
                VocabularyMetadata.provenance("gpt2-r50k_base", 5, 2, 0, 0, 0, "then");

        VocabularyMetadata summary;
        try (FgramVocabularyFile.Writer writer = FgramVocabularyFile.openWriter(file, provenance)) {
            for (int row = vocabulary.size() - 1; row >= 0; row--) {
                writer.append(new CountedFgram(vocabulary.gram(row), vocabulary.count(row)));
            }
            summary = writer.summary();
        }

        assertThat(summary.fingerprint()).isNull();
        assertThat(summary.totalKept()).isEqualTo(40);
        assertThat(FgramVocabularyFile.read(file).fingerprint())
                .isEqualTo(vocabulary.fingerprint());
    }

    @Test
    void writerRejectsGramsLongerThanK() throws IOException {
        VocabularyMetadata provenance =
                VocabularyMetadata.provenance("gpt2-r50k_base", 3, 2, 0, 0, 0, "then");
        try (FgramVocabularyFile.Writer writer =
                FgramVocabularyFile.openWriter(dir.resolve("k3.avro"), provenance)) {
            assertThatThrownBy(() -> writer.append(new int[] {1, 2, 3, 4}, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("An f-gram of length 4 is longer than the vocabulary's K = 3.");
        }
    }

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("missing.avro");

        assertThatThrownBy(() -> FgramVocabularyFile.read(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.avro");
    }

    @Test
    void reportsAFileThatIsNotAvro() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "just some text\n");
        Path empty = Files.createFile(dir.resolve("empty.avro"));

        assertThatThrownBy(() -> FgramVocabularyFile.read(text))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessage(
                        text + " is not an f-gram vocabulary: it is not an Avro container file.");
        assertThatThrownBy(() -> FgramVocabularyFile.read(empty))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessageContaining("is not an Avro container file");
        assertThatThrownBy(() -> FgramVocabularyFile.read(dir))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void reportsAnAvroFileWithoutVocabularyMetadata() throws IOException {
        Path file = dir.resolve("plain.avro");
        writeRawFile(file, null);

        assertThatThrownBy(() -> FgramVocabularyFile.read(file))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessage(
                        file
                                + " is an Avro file but not an f-gram vocabulary: it has no"
                                + " scone.vocabulary metadata.");
    }

    @Test
    void refusesANewerFormatVersion() throws IOException {
        Path file = dir.resolve("future.avro");
        String futureJson =
                randomVocabulary(3, 5)
                        .metadata()
                        .toJson()
                        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 7");
        writeRawFile(file, futureJson);

        assertThatThrownBy(() -> FgramVocabularyFile.read(file))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessage(
                        file
                                + " has vocabulary format version 7, newer than the 1 this build"
                                + " reads; use a newer SCONE Stream.");
    }

    @Test
    void detectsRowsThatDoNotMatchTheRecordedFingerprint() throws IOException {
        FgramVocabulary vocabulary = randomVocabulary(20, 6);
        Path file = dir.resolve("tampered.avro");
        try (FgramVocabularyFile.Writer writer =
                FgramVocabularyFile.openWriter(file, vocabulary.metadata())) {
            for (int row = 0; row < vocabulary.size(); row++) {
                writer.append(vocabulary.gram(row), vocabulary.count(row) + 1);
            }
        }

        assertThatThrownBy(() -> FgramVocabularyFile.read(file))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessageContaining("is damaged")
                .hasMessageContaining("fingerprint");
    }

    @Test
    void detectsATruncatedFile() throws IOException {
        Path file = dir.resolve("truncated.avro");
        FgramVocabularyFile.write(file, randomVocabulary(2_000, 7));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() * 2 / 3);
        }

        assertThatThrownBy(() -> FgramVocabularyFile.read(file))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessageContaining("is damaged");
    }

    @Test
    void reportsInvalidRowsWithTheFileName() throws IOException {
        Path file = dir.resolve("unigram.avro");
        String json = randomVocabulary(3, 8).metadata().withContent(null, 0, null).toJson();
        try (DataFileWriter<FgramCount> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(FgramCount.class))) {
            writer.setMeta(FgramVocabularyFile.METADATA_KEY, json);
            writer.create(FgramCount.getClassSchema(), file.toFile());
            writer.append(new FgramCount(List.of(42), 3L));
        }

        assertThatThrownBy(() -> FgramVocabularyFile.read(file))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessageStartingWith("The vocabulary file " + file + " holds an invalid row: ");
    }

    /** An Avro container of {@link FgramCount} rows written without this class's writer. */
    private static void writeRawFile(Path file, String metadataJson) throws IOException {
        try (DataFileWriter<FgramCount> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(FgramCount.class))) {
            if (metadataJson != null) {
                writer.setMeta(FgramVocabularyFile.METADATA_KEY, metadataJson);
            }
            writer.create(FgramCount.getClassSchema(), file.toFile());
            writer.append(new FgramCount(List.of(1, 2), 3L));
        }
    }
}
