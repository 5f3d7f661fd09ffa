package dev.scone.model.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FgramTablesTest {

    private static final int DIMENSION = 6;

    @Test
    void buildsATableFromVectorRows() {
        RandomEntries random = new RandomEntries(61);
        List<int[]> grams = random.distinctGrams(300);
        float[][] vectors = new float[grams.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = random.floats(DIMENSION);
        }

        InMemoryFgramTable table = FgramTables.bulkLoad(grams, vectors, "m", "v");

        assertThat(table.size()).isEqualTo(grams.size());
        assertThat(table.dimension()).isEqualTo(DIMENSION);
        float[] found = new float[DIMENSION];
        for (int i = 0; i < grams.size(); i++) {
            int[] gram = grams.get(i);
            assertThat(table.lookup(gram, 0, gram.length, found, 0)).isTrue();
            assertThat(found).isEqualTo(Bf16.toFloat(Bf16.toBf16(vectors[i])));
        }
    }

    @Test
    void buildsATableFromARowMajorMatrix() {
        RandomEntries random = new RandomEntries(62);
        List<int[]> grams = random.distinctGrams(100);
        float[] matrix = random.floats(grams.size() * DIMENSION);

        InMemoryFgramTable table = FgramTables.bulkLoad(grams, matrix, DIMENSION, "m", "v");

        float[] found = new float[DIMENSION];
        for (int i = 0; i < grams.size(); i++) {
            int[] gram = grams.get(i);
            assertThat(table.lookup(gram, 0, gram.length, found, 0)).isTrue();
            for (int k = 0; k < DIMENSION; k++) {
                assertThat(found[k])
                        .isEqualTo(Bf16.toFloat(Bf16.toBf16(matrix[i * DIMENSION + k])));
            }
        }
    }

    @Test
    void copiesAnyTableIntoMemory() {
        RandomEntries random = new RandomEntries(63);
        InMemoryFgramTable source = new InMemoryFgramTable(DIMENSION, "m", "v");
        List<int[]> grams = random.distinctGrams(50);
        for (int[] gram : grams) {
            source.put(gram, random.bf16(DIMENSION));
        }
        source.remove(grams.get(3));

        InMemoryFgramTable copy = FgramTables.toInMemory(source);

        assertThat(copy.size()).isEqualTo(source.size());
        assertThat(copy.rowCount()).isEqualTo(grams.size() - 1);
        short[] expected = new short[DIMENSION];
        short[] found = new short[DIMENSION];
        for (int[] gram : grams) {
            boolean held = source.lookupBf16(gram, 0, gram.length, expected, 0);
            assertThat(copy.lookupBf16(gram, 0, gram.length, found, 0)).isEqualTo(held);
            if (held) {
                assertThat(found).isEqualTo(expected);
            }
        }
    }

    @Test
    void mismatchedInputsAreRejectedWithAReason() {
        List<int[]> grams = List.of(new int[] {1, 2}, new int[] {3, 4});

        assertThatThrownBy(
                        () ->
                                FgramTables.bulkLoad(
                                        grams, new float[][] {new float[DIMENSION]}, "m", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("There are 2 f-grams but 1 vectors; each f-gram needs one.");
        assertThatThrownBy(
                        () ->
                                FgramTables.bulkLoad(
                                        grams,
                                        new float[][] {new float[DIMENSION], new float[3]},
                                        "m",
                                        "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Vector 1 has 3 values, but vector 0 has 6.");
        assertThatThrownBy(() -> FgramTables.bulkLoad(grams, new float[11], DIMENSION, "m", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A matrix for 2 f-grams of dimension 6 has 12 values, not 11.");
    }

    @Test
    void aRepeatedFgramIsRejected() {
        List<int[]> grams = List.of(new int[] {1, 2}, new int[] {5, 6}, new int[] {1, 2});

        assertThatThrownBy(
                        () ->
                                FgramTables.bulkLoad(
                                        grams, new float[3 * DIMENSION], DIMENSION, "m", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The f-gram [1, 2] appears twice (again at 2).");
    }
}
