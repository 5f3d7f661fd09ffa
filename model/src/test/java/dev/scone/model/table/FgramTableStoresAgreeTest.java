package dev.scone.model.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives both stores through the same seeded sequence of puts, replacements and removes, as the
 * changelog topic would, and checks that they answer every lookup alike and as a plain map does.
 */
class FgramTableStoresAgreeTest {

    private static final int DIMENSION = 12;
    private static final int KEY_POOL = 600;
    private static final int OPERATIONS = 3_000;

    @TempDir Path directory;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void bothStoresAgreeWithAPlainMap(long seed) throws IOException {
        RandomEntries random = new RandomEntries(seed);
        List<int[]> pool = random.distinctGrams(KEY_POOL);
        Map<List<Integer>, short[]> expected = new HashMap<>();
        RocksDbTableOptions options =
                RocksDbTableOptions.DEFAULTS
                        .withBlockCacheBytes(256 << 10)
                        .withWriteBufferBytes(256 << 10);

        try (InMemoryFgramTable memory = new InMemoryFgramTable(DIMENSION, "m", "v0");
                RocksDbFgramTable rocks =
                        RocksDbFgramTable.create(directory, DIMENSION, "m", "v0", options)) {
            for (int op = 0; op < OPERATIONS; op++) {
                int[] gram = pool.get(random.nextInt(pool.size()));
                if (random.nextInt(4) == 0) {
                    boolean held = expected.remove(RandomEntries.asList(gram)) != null;
                    assertThat(memory.remove(gram)).isEqualTo(held);
                    assertThat(rocks.remove(gram)).isEqualTo(held);
                } else {
                    short[] vector = random.bf16(DIMENSION);
                    expected.put(RandomEntries.asList(gram), vector);
                    memory.put(gram, vector);
                    rocks.put(gram, vector);
                }
            }
            memory.setVersion("v1");
            rocks.setVersion("v1");

            assertThat(memory.size()).isEqualTo(expected.size());
            assertThat(rocks.size()).isEqualTo(expected.size());
            assertThat(rocks.version()).isEqualTo(memory.version());
            assertAgree(pool, expected, memory, rocks);
            assertThat(entries(memory)).containsExactlyInAnyOrderEntriesOf(entries(rocks));
        }
    }

    private static void assertAgree(
            List<int[]> pool,
            Map<List<Integer>, short[]> expected,
            FgramTable memory,
            FgramTable rocks) {
        float[] fromMemory = new float[DIMENSION];
        float[] fromRocks = new float[DIMENSION];
        for (int[] gram : pool) {
            short[] vector = expected.get(RandomEntries.asList(gram));
            boolean held = vector != null;
            assertThat(memory.contains(gram, 0, gram.length)).isEqualTo(held);
            assertThat(rocks.contains(gram, 0, gram.length)).isEqualTo(held);
            assertThat(memory.lookup(gram, 0, gram.length, fromMemory, 0)).isEqualTo(held);
            assertThat(rocks.lookup(gram, 0, gram.length, fromRocks, 0)).isEqualTo(held);
            if (held) {
                assertThat(fromMemory).isEqualTo(Bf16.toFloat(vector));
                assertThat(fromRocks).isEqualTo(fromMemory);
            }
            for (int from = 1; from < gram.length - 1; from++) {
                int length = gram.length - from;
                assertThat(rocks.contains(gram, from, length))
                        .isEqualTo(memory.contains(gram, from, length));
            }
        }
    }

    private static Map<List<Integer>, List<Short>> entries(FgramTable table) {
        Map<List<Integer>, List<Short>> entries = new HashMap<>();
        table.forEach(
                (gram, vector) -> {
                    Short[] boxed = new Short[vector.length];
                    for (int k = 0; k < vector.length; k++) {
                        boxed[k] = vector[k];
                    }
                    entries.put(RandomEntries.asList(gram), List.of(boxed));
                });
        return entries;
    }
}
