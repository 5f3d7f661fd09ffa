package dev.scone.model.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryFgramTableTest {

    private static final int DIMENSION = 8;

    @Test
    void looksUpWhatWasPutAndNothingElse() {
        RandomEntries random = new RandomEntries(11);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "model-1", "v1");
        int[] gram = {10, 20, 30};
        short[] vector = random.bf16(DIMENSION);
        table.put(gram, vector);

        short[] found = new short[DIMENSION];
        assertThat(table.lookupBf16(gram, 0, 3, found, 0)).isTrue();
        assertThat(found).isEqualTo(vector);
        assertThat(table.contains(gram, 0, 3)).isTrue();
        assertThat(table.contains(gram, 0, 2)).isFalse();
        assertThat(table.contains(gram, 1, 2)).isFalse();
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.dimension()).isEqualTo(DIMENSION);
        assertThat(table.version()).isEqualTo("v1");
        assertThat(table.modelVersion()).isEqualTo("model-1");
    }

    @Test
    void lookupReadsASliceOfATokenSequenceIntoAnOffset() {
        RandomEntries random = new RandomEntries(12);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        short[] vector = random.bf16(DIMENSION);
        table.put(new int[] {7, 8}, vector);
        int[] sequence = {1, 2, 7, 8, 9};
        float[] out = new float[DIMENSION + 3];

        assertThat(table.lookup(sequence, 2, 2, out, 3)).isTrue();

        assertThat(Arrays.copyOfRange(out, 3, 3 + DIMENSION)).isEqualTo(Bf16.toFloat(vector));
        assertThat(Arrays.copyOfRange(out, 0, 3)).containsOnly(0f);
    }

    @Test
    void aMissLeavesTheOutputUntouched() {
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        table.put(new int[] {1, 2}, new RandomEntries(13).bf16(DIMENSION));
        float[] out = new float[DIMENSION];
        Arrays.fill(out, 0.5f);
        short[] outBf16 = new short[DIMENSION];
        Arrays.fill(outBf16, (short) 3);

        assertThat(table.lookup(new int[] {2, 1}, 0, 2, out, 0)).isFalse();
        assertThat(table.lookupBf16(new int[] {1, 2, 3}, 0, 3, outBf16, 0)).isFalse();

        assertThat(out).containsOnly(0.5f);
        assertThat(outBf16).containsOnly((short) 3);
    }

    @Test
    void slicesThatCannotBeFgramsAreAbsent() {
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        table.put(new int[] {1, 2}, new RandomEntries(14).bf16(DIMENSION));
        float[] out = new float[DIMENSION];

        assertThat(table.lookup(new int[] {1, 2, 3, 4, 5, 6}, 0, 6, out, 0)).isFalse();
        assertThat(table.contains(new int[] {1, 2}, 0, 0)).isFalse();
        assertThat(table.contains(new int[] {1, -1}, 0, 2)).isFalse();
        assertThat(table.contains(new int[] {1, 2 + (1 << 21)}, 0, 2)).isFalse();
    }

    @Test
    void putReplacesAnExistingVector() {
        RandomEntries random = new RandomEntries(15);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        int[] gram = {4, 5};
        table.put(gram, random.bf16(DIMENSION));
        short[] replacement = random.bf16(DIMENSION);
        table.put(gram, replacement);

        short[] found = new short[DIMENSION];
        table.lookupBf16(gram, 0, 2, found, 0);
        assertThat(found).isEqualTo(replacement);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void putRoundsFloatVectorsToBf16() {
        float[] vector = new RandomEntries(16).floats(DIMENSION);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        table.put(new int[] {1, 2}, vector);

        float[] found = new float[DIMENSION];
        table.lookup(new int[] {1, 2}, 0, 2, found, 0);
        assertThat(found).isEqualTo(Bf16.toFloat(Bf16.toBf16(vector)));
    }

    @Test
    void removedFgramsDisappearAndComeBackInTheirOldRow() {
        RandomEntries random = new RandomEntries(17);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        int[] kept = {1, 2};
        int[] removed = {3, 4, 5};
        table.put(kept, random.bf16(DIMENSION));
        table.put(removed, random.bf16(DIMENSION));

        assertThat(table.remove(removed)).isTrue();
        assertThat(table.remove(removed)).isFalse();
        assertThat(table.contains(removed, 0, 3)).isFalse();
        assertThat(table.size()).isEqualTo(1);

        short[] revived = random.bf16(DIMENSION);
        table.put(removed, revived);
        short[] found = new short[DIMENSION];
        assertThat(table.lookupBf16(removed, 0, 3, found, 0)).isTrue();
        assertThat(found).isEqualTo(revived);
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.rowCount()).isEqualTo(2);
    }

    @Test
    void tombstonesSurviveGrowth() {
        RandomEntries random = new RandomEntries(18);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        List<int[]> grams = random.distinctGrams(1_000);
        table.put(grams.get(0), random.bf16(DIMENSION));
        table.remove(grams.get(0));
        for (int[] gram : grams.subList(1, grams.size())) {
            table.put(gram, random.bf16(DIMENSION));
        }

        assertThat(table.contains(grams.get(0), 0, grams.get(0).length)).isFalse();
        assertThat(grams.subList(1, grams.size()))
                .allMatch(gram -> table.contains(gram, 0, gram.length));
        assertThat(table.size()).isEqualTo(grams.size() - 1);
    }

    @Test
    void aMatrixSpanningSeveralArraysKeepsEveryRow() {
        RandomEntries random = new RandomEntries(19);
        int maxChunkShorts = 64 * DIMENSION;
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, 0, "m", "v", maxChunkShorts);
        List<int[]> grams = random.distinctGrams(1_000);
        List<short[]> vectors = new ArrayList<>();
        for (int[] gram : grams) {
            short[] vector = random.bf16(DIMENSION);
            vectors.add(vector);
            table.put(gram, vector);
        }

        assertThat(table.chunkCount()).isGreaterThan(1);
        short[] found = new short[DIMENSION];
        for (int i = 0; i < grams.size(); i++) {
            int[] gram = grams.get(i);
            assertThat(table.lookupBf16(gram, 0, gram.length, found, 0)).isTrue();
            assertThat(found).isEqualTo(vectors.get(i));
        }
    }

    @Test
    void forEachVisitsLiveEntriesInInsertionOrder() {
        RandomEntries random = new RandomEntries(20);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        List<int[]> grams = random.distinctGrams(5);
        List<short[]> vectors = new ArrayList<>();
        for (int[] gram : grams) {
            vectors.add(random.bf16(DIMENSION));
            table.put(gram, vectors.get(vectors.size() - 1));
        }
        table.remove(grams.get(2));

        List<int[]> seenGrams = new ArrayList<>();
        List<short[]> seenVectors = new ArrayList<>();
        table.forEach(
                (gram, vector) -> {
                    seenGrams.add(gram);
                    seenVectors.add(vector);
                });

        assertThat(seenGrams)
                .containsExactly(grams.get(0), grams.get(1), grams.get(3), grams.get(4));
        assertThat(seenVectors)
                .containsExactly(vectors.get(0), vectors.get(1), vectors.get(3), vectors.get(4));
    }

    @Test
    void rejectsVectorsOfTheWrongDimensionAndUnpackableGrams() {
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");

        assertThatThrownBy(() -> table.put(new int[] {1, 2}, new short[DIMENSION + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The vector has 9 values, but the table's dimension is 8.");
        assertThatThrownBy(() -> table.put(new int[] {1, 2, 3, 4, 5, 6}, new short[DIMENSION]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryFgramTable(0, "m", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The dimension of a table must be positive, not 0.");
    }

    @Test
    void versionCanBeUpdated() {
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v1");
        table.setVersion("v2");
        assertThat(table.version()).isEqualTo("v2");
    }

    @Test
    void bytesPerEntryCountsAtLeastTheVectorAndTheKey() {
        RandomEntries random = new RandomEntries(21);
        List<int[]> grams = random.distinctGrams(500);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, grams.size(), "m", "v");
        for (int[] gram : grams) {
            table.put(gram, random.bf16(DIMENSION));
        }

        assertThat(table.bytesPerEntry())
                .isGreaterThanOrEqualTo(DIMENSION * Bf16.BYTES + PackedKeys.BYTES);
    }

    @Test
    void readersNeverSeeATornVectorWhileAWriterGrowsTheTable() throws Exception {
        List<int[]> grams = new RandomEntries(22).distinctGrams(20_000);
        InMemoryFgramTable table = new InMemoryFgramTable(DIMENSION, "m", "v");
        AtomicInteger published = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer =
                    threads.submit(
                            () -> {
                                for (int i = 0; i < grams.size(); i++) {
                                    short[] uniform = new short[DIMENSION];
                                    Arrays.fill(uniform, (short) i);
                                    table.put(grams.get(i), uniform);
                                    if (i % 3 == 0) {
                                        table.remove(grams.get(i / 2));
                                    }
                                    published.set(i + 1);
                                }
                            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int seed = r;
                readers.add(
                        threads.submit(
                                () -> {
                                    RandomEntries random = new RandomEntries(seed);
                                    short[] found = new short[DIMENSION];
                                    while (published.get() < grams.size()) {
                                        int i = random.nextInt(Math.max(1, published.get()));
                                        int[] gram = grams.get(i);
                                        if (table.lookupBf16(gram, 0, gram.length, found, 0)) {
                                            assertThat(found).containsOnly((short) i);
                                        }
                                    }
                                    return null;
                                }));
            }
            writer.get();
            for (Future<?> reader : readers) {
                reader.get();
            }
        } finally {
            threads.shutdownNow();
        }
        Set<Integer> removed = new HashSet<>();
        for (int i = 0; i < grams.size(); i += 3) {
            removed.add(i / 2);
        }
        for (int i = 0; i < grams.size(); i++) {
            int[] gram = grams.get(i);
            assertThat(table.contains(gram, 0, gram.length)).isEqualTo(!removed.contains(i));
        }
        assertThat(table.size()).isEqualTo(grams.size() - removed.size());
    }
}
