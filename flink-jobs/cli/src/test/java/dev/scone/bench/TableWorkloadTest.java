package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.table.RocksDbFgramTable;
import dev.scone.model.table.RocksDbTableOptions;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWorkloadTest {

    @Test
    void everyRowHasItsOwnValidFgram() {
        Set<List<Integer>> seen = new HashSet<>();
        for (long row = 0; row < 200_000; row++) {
            int[] gram = TableWorkload.gram(row);
            assertThat(gram.length).isBetween(2, 5);
            assertThat(
                            Arrays.stream(gram)
                                    .allMatch(id -> id >= 0 && id < Gpt2Tokenizer.END_OF_TEXT))
                    .isTrue();
            assertThat(seen.add(Arrays.stream(gram).boxed().toList())).isTrue();
        }
    }

    @Test
    void vectorsAreDeterministicAndDifferBetweenRows() {
        short[] first = new short[TableWorkload.DIMENSION];
        short[] again = new short[TableWorkload.DIMENSION];
        short[] other = new short[TableWorkload.DIMENSION];
        TableWorkload.vector(17, first);
        TableWorkload.vector(17, again);
        TableWorkload.vector(18, other);
        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void preparedStoresHoldEveryLookedUpFgram(@TempDir Path directory) throws Exception {
        TableWorkload workload = new TableWorkload(3000);
        Path file = workload.ensureTableFile(directory, ProgressReporter.silent());
        Path database = workload.ensureRocksDb(directory, ProgressReporter.silent());
        long fileModified = Files.getLastModifiedTime(file).toMillis();
        assertThat(workload.ensureTableFile(directory, ProgressReporter.silent())).isEqualTo(file);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(fileModified);
        assertThat(TableWorkload.sstBytes(database)).isGreaterThan(3000L * 128);

        int[] tokens = new int[TableWorkload.LOOKUPS * 5];
        int[] lengths = new int[TableWorkload.LOOKUPS];
        workload.lookups(TableWorkload.Access.ZIPF, tokens, lengths);
        float[] vector = new float[TableWorkload.DIMENSION];
        try (InMemoryFgramTable inMemory = FgramTableFile.load(file);
                RocksDbFgramTable rocksDb =
                        RocksDbFgramTable.open(
                                database, RocksDbTableOptions.DEFAULTS.withReadOnly(true))) {
            assertThat(inMemory.size()).isEqualTo(3000);
            assertThat(rocksDb.size()).isEqualTo(3000);
            for (int i = 0; i < 1000; i++) {
                assertThat(inMemory.lookup(tokens, i * 5, lengths[i], vector, 0)).isTrue();
                assertThat(rocksDb.lookup(tokens, i * 5, lengths[i], vector, 0)).isTrue();
            }
        }
    }

    @Test
    void zipfAccessFavoursTheFirstRows() {
        TableWorkload workload = new TableWorkload(100_000);
        int[] tokens = new int[TableWorkload.LOOKUPS * 5];
        int[] lengths = new int[TableWorkload.LOOKUPS];
        workload.lookups(TableWorkload.Access.ZIPF, tokens, lengths);
        int[] firstRow = TableWorkload.gram(0);
        long hitsOfFirstRow = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(tokens, i * 5, i * 5 + lengths[i]), firstRow)) {
                hitsOfFirstRow++;
            }
        }
        // Rank 1 of 100,000 under Zipf(1) takes 1/H(100000), about 8% of the draws.
        assertThat((double) hitsOfFirstRow / lengths.length).isBetween(0.07, 0.10);
    }

    @Test
    void namesRoundTripAndCachesAreSizedFromTheData() {
        for (TableWorkload.Store store : TableWorkload.Store.values()) {
            assertThat(TableWorkload.Store.ofParameter(store.parameter())).isEqualTo(store);
        }
        for (TableWorkload.Access access : TableWorkload.Access.values()) {
            assertThat(TableWorkload.Access.ofParameter(access.parameter())).isEqualTo(access);
        }
        long sst = 1_000_000;
        assertThat(TableWorkload.Store.ROCKSDB_FULL_CACHE.blockCacheBytes(sst)).isGreaterThan(sst);
        assertThat(TableWorkload.Store.ROCKSDB_SMALL_CACHE.blockCacheBytes(sst))
                .isEqualTo(sst / 10);
    }
}
