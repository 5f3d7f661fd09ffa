package dev.scone.model.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FgramTableFileTest {

    private static final int DIMENSION = 24;
    private static final int FORMAT_VERSION_OFFSET = 8;
    private static final RocksDbTableOptions SMALL =
            RocksDbTableOptions.DEFAULTS.withBlockCacheBytes(1 << 20).withWriteBufferBytes(1 << 20);

    @TempDir Path directory;

    private List<int[]> grams;
    private InMemoryFgramTable table;
    private Path file;

    @BeforeEach
    void writeATable() throws IOException {
        RandomEntries random = new RandomEntries(51);
        grams = random.distinctGrams(2_000);
        table = new InMemoryFgramTable(DIMENSION, "model-3", "table-9");
        for (int[] gram : grams) {
            table.put(gram, random.bf16(DIMENSION));
        }
        file = directory.resolve("tables").resolve("f.scone-table");
        FgramTableFile.save(file, table, "vocab-fp", ProgressReporter.silent());
    }

    @Test
    void theHeaderDescribesTheTable() throws IOException {
        TableHeader header = FgramTableFile.readHeader(file);

        assertThat(header.formatVersion()).isEqualTo(FgramTableFile.FORMAT_VERSION);
        assertThat(header.dimension()).isEqualTo(DIMENSION);
        assertThat(header.count()).isEqualTo(grams.size());
        assertThat(header.modelVersion()).isEqualTo("model-3");
        assertThat(header.tableVersion()).isEqualTo("table-9");
        assertThat(header.vocabularyFingerprint()).isEqualTo("vocab-fp");
        assertThat(header.fileLength()).isEqualTo(Files.size(file));
        assertThat(Files.exists(file.resolveSibling(file.getFileName() + ".tmp"))).isFalse();
    }

    @Test
    void loadingGivesBackTheSameTable() throws IOException {
        AtomicLong reported = new AtomicLong();
        InMemoryFgramTable loaded =
                FgramTableFile.load(file, RocksDbFgramTableTest.countingReporter(reported));

        assertThat(loaded.size()).isEqualTo(table.size());
        assertThat(loaded.version()).isEqualTo("table-9");
        assertThat(loaded.modelVersion()).isEqualTo("model-3");
        assertThat(reported).hasValue(grams.size());
        assertSameEntries(loaded, table);
    }

    @Test
    void loadingIntoRocksDbGivesBackTheSameTable() throws IOException {
        Path database = directory.resolve("rocks");
        try (RocksDbFgramTable loaded =
                FgramTableFile.loadIntoRocksDb(
                        file, database, SMALL.withReadOnly(true), ProgressReporter.silent())) {
            assertThat(loaded.isReadOnly()).isTrue();
            assertThat(loaded.size()).isEqualTo(table.size());
            assertThat(loaded.version()).isEqualTo("table-9");
            assertThat(loaded.modelVersion()).isEqualTo("model-3");
            assertSameEntries(loaded, table);
        }
    }

    @Test
    void aRocksDbTableSavesToTheSameEntries() throws IOException {
        Path copy = directory.resolve("copy.scone-table");
        try (RocksDbFgramTable rocks =
                RocksDbFgramTable.create(
                        directory.resolve("rocks"), DIMENSION, "model-3", "table-9", SMALL)) {
            rocks.putAll(table, ProgressReporter.silent());
            FgramTableFile.save(copy, rocks);
        }

        assertSameEntries(FgramTableFile.load(copy), table);
    }

    @Test
    void removedEntriesAreNotSaved() throws IOException {
        table.remove(grams.get(0));
        table.remove(grams.get(1));
        FgramTableFile.save(file, table);

        InMemoryFgramTable loaded = FgramTableFile.load(file);
        assertThat(loaded.size()).isEqualTo(grams.size() - 2);
        assertThat(loaded.contains(grams.get(0), 0, grams.get(0).length)).isFalse();
        assertSameEntries(loaded, table);
    }

    @Test
    void forEachStreamsTheEntriesInTableOrder() throws IOException {
        List<int[]> seen = new ArrayList<>();
        short[] expected = new short[DIMENSION];
        FgramTableFile.forEach(
                file,
                (gram, vector) -> {
                    seen.add(gram);
                    table.lookupBf16(gram, 0, gram.length, expected, 0);
                    assertThat(vector).isEqualTo(expected);
                });

        assertThat(seen).containsExactlyElementsOf(grams);
    }

    @Test
    void anEmptyTableRoundTrips() throws IOException {
        Path empty = directory.resolve("empty.scone-table");
        FgramTableFile.save(empty, new InMemoryFgramTable(4, "m", "v"));

        InMemoryFgramTable loaded = FgramTableFile.load(empty);
        assertThat(loaded.size()).isZero();
        assertThat(loaded.dimension()).isEqualTo(4);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = directory.resolve("missing.scone-table");

        assertThatThrownBy(() -> FgramTableFile.load(missing))
                .isInstanceOf(TableFileException.class)
                .hasMessage("The table file " + missing + " does not exist.");
    }

    @Test
    void aFileWithoutTheMagicIsNotATable() throws IOException {
        Path text = directory.resolve("notes.txt");
        Files.writeString(text, "SCONE is an embedding method.");

        assertThatThrownBy(() -> FgramTableFile.readHeader(text))
                .isInstanceOf(TableFileException.class)
                .hasMessage(
                        "The file "
                                + text
                                + " is not an f-gram table file (it lacks the SCONETBL magic).");
    }

    @Test
    void aTruncatedFileSaysHowMuchIsMissing() throws IOException {
        long fullLength = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(fullLength - 100);
        }

        assertThatThrownBy(() -> FgramTableFile.load(file))
                .isInstanceOf(TableFileException.class)
                .hasMessage(
                        "The table file "
                                + file
                                + " is truncated: it has "
                                + (fullLength - 100)
                                + " bytes where its header promises "
                                + fullLength
                                + ".");
    }

    @Test
    void aFileCutInsideItsHeaderIsTruncated() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(20);
        }

        assertThatThrownBy(() -> FgramTableFile.readHeader(file))
                .isInstanceOf(TableFileException.class)
                .hasMessage("The table file " + file + " ends early.");
    }

    @Test
    void aNewerFormatVersionIsRefused() throws IOException {
        overwriteInt(FORMAT_VERSION_OFFSET, FgramTableFile.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> FgramTableFile.load(file))
                .isInstanceOf(TableFileException.class)
                .hasMessage(
                        "The table file "
                                + file
                                + " has format version "
                                + (FgramTableFile.FORMAT_VERSION + 1)
                                + ", newer than the version "
                                + FgramTableFile.FORMAT_VERSION
                                + " this build reads.");
    }

    @Test
    void trailingBytesMakeTheFileCorrupt() throws IOException {
        Files.write(file, new byte[3], StandardOpenOption.APPEND);

        assertThatThrownBy(() -> FgramTableFile.readHeader(file))
                .isInstanceOf(TableFileException.class)
                .hasMessage(
                        "The table file "
                                + file
                                + " is corrupt: it has 3 bytes after the end of its matrix.");
    }

    @Test
    void aDuplicatedKeyMakesTheFileCorrupt() throws IOException {
        TableHeader header = FgramTableFile.readHeader(file);
        ByteBuffer firstKey = ByteBuffer.allocate(PackedKeys.BYTES);
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.read(firstKey, header.keysOffset());
            firstKey.flip();
            channel.write(firstKey, header.keysOffset() + PackedKeys.BYTES);
        }

        assertThatThrownBy(() -> FgramTableFile.load(file))
                .isInstanceOf(TableFileException.class)
                .hasMessageStartingWith(
                        "The table file " + file + " is corrupt: it holds the f-gram")
                .hasMessageEndingWith(" twice.");
    }

    @Test
    void aGarbledKeyMakesTheFileCorrupt() throws IOException {
        TableHeader header = FgramTableFile.readHeader(file);
        overwriteLong(header.keysOffset() + Long.BYTES, -1L);

        assertThatThrownBy(() -> FgramTableFile.forEach(file, (gram, vector) -> {}))
                .isInstanceOf(TableFileException.class)
                .hasMessage(
                        "The table file " + file + " is corrupt: key 0 is not a packed f-gram.");
    }

    @Test
    void loadingIntoRocksDbRefusesAnOccupiedDirectoryAndCleansUpAfterAFailure() throws IOException {
        Path database = directory.resolve("rocks");
        RocksDbFgramTable.create(database, DIMENSION, "m", "v", SMALL).close();
        assertThatThrownBy(
                        () ->
                                FgramTableFile.loadIntoRocksDb(
                                        file, database, SMALL, ProgressReporter.silent()))
                .isInstanceOf(IOException.class)
                .hasMessage("The directory " + database + " already holds a RocksDB database.");

        TableHeader header = FgramTableFile.readHeader(file);
        overwriteLong(header.keysOffset() + 100 * PackedKeys.BYTES + Long.BYTES, -1L);
        Path fresh = directory.resolve("fresh");
        assertThatThrownBy(
                        () ->
                                FgramTableFile.loadIntoRocksDb(
                                        file, fresh, SMALL, ProgressReporter.silent()))
                .isInstanceOf(TableFileException.class);
        assertThat(fresh).doesNotExist();
    }

    private static void assertSameEntries(FgramTable actual, FgramTable expected) {
        Map<List<Integer>, short[]> expectedEntries = new HashMap<>();
        expected.forEach((gram, vector) -> expectedEntries.put(RandomEntries.asList(gram), vector));
        assertThat(actual.size()).isEqualTo(expectedEntries.size());
        short[] found = new short[actual.dimension()];
        expected.forEach(
                (gram, vector) -> {
                    assertThat(actual.lookupBf16(gram, 0, gram.length, found, 0)).isTrue();
                    assertThat(found).isEqualTo(vector);
                });
        actual.forEach(
                (gram, vector) ->
                        assertThat(expectedEntries).containsKey(RandomEntries.asList(gram)));
    }

    private void overwriteInt(long offset, int value) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(value).flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(bytes, offset);
        }
    }

    private void overwriteLong(long offset, long value) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(value).flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(bytes, offset);
        }
    }
}
