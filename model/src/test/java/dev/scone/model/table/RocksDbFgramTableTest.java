package dev.scone.model.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class RocksDbFgramTableTest {

    private static final int DIMENSION = 16;
    private static final RocksDbTableOptions SMALL =
            RocksDbTableOptions.DEFAULTS.withBlockCacheBytes(1 << 20).withWriteBufferBytes(1 << 20);

    @TempDir Path directory;

    @Test
    void looksUpWhatWasPutAndNothingElse() throws IOException {
        RandomEntries random = new RandomEntries(31);
        short[] vector = random.bf16(DIMENSION);
        try (RocksDbFgramTable table =
                RocksDbFgramTable.create(directory, DIMENSION, "model-1", "v1", SMALL)) {
            table.put(new int[] {10, 20, 30}, vector);
            int[] sequence = {5, 10, 20, 30};
            float[] out = new float[DIMENSION + 1];
            short[] outBf16 = new short[DIMENSION];

            assertThat(table.lookup(sequence, 1, 3, out, 1)).isTrue();
            assertThat(table.lookupBf16(sequence, 1, 3, outBf16, 0)).isTrue();
            assertThat(Arrays.copyOfRange(out, 1, DIMENSION + 1)).isEqualTo(Bf16.toFloat(vector));
            assertThat(outBf16).isEqualTo(vector);
            assertThat(table.contains(sequence, 1, 3)).isTrue();
            assertThat(table.contains(sequence, 0, 3)).isFalse();
            assertThat(table.contains(sequence, 2, 2)).isFalse();
            assertThat(table.size()).isEqualTo(1);
        }
    }

    @Test
    void aMissLeavesTheOutputUntouched() throws IOException {
        try (RocksDbFgramTable table =
                RocksDbFgramTable.create(directory, DIMENSION, "m", "v", SMALL)) {
            table.put(new int[] {1, 2}, new RandomEntries(32).bf16(DIMENSION));
            float[] out = new float[DIMENSION];
            Arrays.fill(out, -2f);

            assertThat(table.lookup(new int[] {2, 1}, 0, 2, out, 0)).isFalse();
            assertThat(table.lookup(new int[] {1, 2, 3, 4, 5, 6}, 0, 6, out, 0)).isFalse();
            assertThat(out).containsOnly(-2f);
        }
    }

    @Test
    void reopeningKeepsEntriesCountAndMetadata() throws IOException {
        RandomEntries random = new RandomEntries(33);
        List<int[]> grams = random.distinctGrams(200);
        List<short[]> vectors = new ArrayList<>();
        try (RocksDbFgramTable table =
                RocksDbFgramTable.create(directory, DIMENSION, "model-7", "v1", SMALL)) {
            for (int[] gram : grams) {
                vectors.add(random.bf16(DIMENSION));
                table.put(gram, vectors.get(vectors.size() - 1));
            }
            table.remove(grams.get(0));
            table.setVersion("offset-200");
        }

        try (RocksDbFgramTable reopened = RocksDbFgramTable.open(directory, SMALL)) {
            assertThat(reopened.size()).isEqualTo(grams.size() - 1);
            assertThat(reopened.dimension()).isEqualTo(DIMENSION);
            assertThat(reopened.version()).isEqualTo("offset-200");
            assertThat(reopened.modelVersion()).isEqualTo("model-7");
            assertThat(reopened.contains(grams.get(0), 0, grams.get(0).length)).isFalse();
            short[] found = new short[DIMENSION];
            for (int i = 1; i < grams.size(); i++) {
                int[] gram = grams.get(i);
                assertThat(reopened.lookupBf16(gram, 0, gram.length, found, 0)).isTrue();
                assertThat(found).isEqualTo(vectors.get(i));
            }
        }
    }

    @Test
    void aReadOnlyTableServesLookupsAndRefusesWrites() throws IOException {
        int[] gram = {3, 4};
        short[] vector = new RandomEntries(34).bf16(DIMENSION);
        try (RocksDbFgramTable table =
                RocksDbFgramTable.create(directory, DIMENSION, "m", "v", SMALL)) {
            table.put(gram, vector);
        }

        try (RocksDbFgramTable readOnly =
                RocksDbFgramTable.open(directory, SMALL.withReadOnly(true))) {
            short[] found = new short[DIMENSION];
            assertThat(readOnly.isReadOnly()).isTrue();
            assertThat(readOnly.lookupBf16(gram, 0, 2, found, 0)).isTrue();
            assertThat(found).isEqualTo(vector);
            assertThatThrownBy(() -> readOnly.put(gram, vector))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("The f-gram table at " + directory + " was opened read-only.");
            assertThatThrownBy(() -> readOnly.remove(gram))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void putAllLoadsAnotherTableAndReportsProgress() throws IOException {
        RandomEntries random = new RandomEntries(35);
        List<int[]> grams = random.distinctGrams(3_000);
        InMemoryFgramTable source = new InMemoryFgramTable(DIMENSION, "m", "v");
        for (int[] gram : grams) {
            source.put(gram, random.bf16(DIMENSION));
        }
        AtomicLong reported = new AtomicLong();

        try (RocksDbFgramTable table =
                RocksDbFgramTable.create(directory, DIMENSION, "m", "v", SMALL)) {
            table.putAll(source, countingReporter(reported));

            assertThat(table.size()).isEqualTo(grams.size());
            assertThat(reported).hasValue(grams.size());
            assertThat(table.storageBytes())
                    .isGreaterThanOrEqualTo((long) grams.size() * DIMENSION * Bf16.BYTES);
            short[] expected = new short[DIMENSION];
            short[] found = new short[DIMENSION];
            for (int[] gram : grams) {
                source.lookupBf16(gram, 0, gram.length, expected, 0);
                assertThat(table.lookupBf16(gram, 0, gram.length, found, 0)).isTrue();
                assertThat(found).isEqualTo(expected);
            }
        }
    }

    @Test
    void putAllIntoAFilledTableCountsOnlyNewKeys() throws IOException {
        RandomEntries random = new RandomEntries(36);
        List<int[]> grams = random.distinctGrams(100);
        InMemoryFgramTable source = new InMemoryFgramTable(DIMENSION, "m", "v");
        for (int[] gram : grams) {
            source.put(gram, random.bf16(DIMENSION));
        }
        try (RocksDbFgramTable table =
                RocksDbFgramTable.create(directory, DIMENSION, "m", "v", SMALL)) {
            for (int[] gram : grams.subList(0, 40)) {
                table.put(gram, random.bf16(DIMENSION));
            }
            table.putAll(source, ProgressReporter.silent());

            assertThat(table.size()).isEqualTo(grams.size());
        }
    }

    @Test
    void openOrCreateCreatesOnceAndChecksTheDimension() throws IOException {
        try (RocksDbFgramTable created =
                RocksDbFgramTable.openOrCreate(directory, DIMENSION, "m", SMALL)) {
            created.put(new int[] {1, 2}, new short[DIMENSION]);
        }
        try (RocksDbFgramTable opened =
                RocksDbFgramTable.openOrCreate(directory, DIMENSION, "m", SMALL)) {
            assertThat(opened.size()).isEqualTo(1);
        }
        assertThatThrownBy(() -> RocksDbFgramTable.openOrCreate(directory, 32, "m", SMALL))
                .isInstanceOf(IOException.class)
                .hasMessage("The f-gram table at " + directory + " has dimension 16, not 32.");
    }

    @Test
    void openingAMissingTableOrCreatingOverAnExistingOneFails() throws IOException {
        Path missing = directory.resolve("missing");
        assertThatThrownBy(() -> RocksDbFgramTable.open(missing, SMALL))
                .isInstanceOf(IOException.class)
                .hasMessage("No RocksDB f-gram table exists at " + missing + ".");

        RocksDbFgramTable.create(directory, DIMENSION, "m", "v", SMALL).close();
        assertThatThrownBy(() -> RocksDbFgramTable.create(directory, DIMENSION, "m", "v", SMALL))
                .isInstanceOf(IOException.class)
                .hasMessage("The directory " + directory + " already holds a RocksDB database.");
    }

    @Test
    void aDatabaseWithoutTableMetadataIsRefused() throws Exception {
        Path other = directory.resolve("other");
        Files.createDirectories(other);
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB database = RocksDB.open(options, other.toString())) {
            database.put(new byte[] {1}, new byte[] {2});
        }

        assertThatThrownBy(() -> RocksDbFgramTable.open(other, SMALL))
                .isInstanceOf(IOException.class)
                .hasMessage("The RocksDB database at " + other + " is not an f-gram table.");
    }

    @Test
    void aClosedTableRefusesLookups() throws IOException {
        RocksDbFgramTable table = RocksDbFgramTable.create(directory, DIMENSION, "m", "v", SMALL);
        table.close();
        table.close();

        assertThatThrownBy(() -> table.contains(new int[] {1, 2}, 0, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The f-gram table at " + directory + " is closed.");
    }

    @Test
    void forEachReturnsEveryStoredEntry() throws IOException {
        RandomEntries random = new RandomEntries(37);
        List<int[]> grams = random.distinctGrams(50);
        try (RocksDbFgramTable table =
                RocksDbFgramTable.create(directory, DIMENSION, "m", "v", SMALL)) {
            for (int[] gram : grams) {
                table.put(gram, random.bf16(DIMENSION));
            }
            List<int[]> seen = new ArrayList<>();
            short[] expected = new short[DIMENSION];
            table.forEach(
                    (gram, vector) -> {
                        seen.add(gram);
                        table.lookupBf16(gram, 0, gram.length, expected, 0);
                        assertThat(vector).isEqualTo(expected);
                    });

            assertThat(seen).containsExactlyInAnyOrderElementsOf(grams);
        }
    }

    static ProgressReporter countingReporter(AtomicLong steps) {
        return (task, total, unit) ->
                new Progress() {
                    @Override
                    public void step(long amount) {
                        steps.addAndGet(amount);
                    }

                    @Override
                    public void status(String status) {}

                    @Override
                    public void close() {}
                };
    }
}
