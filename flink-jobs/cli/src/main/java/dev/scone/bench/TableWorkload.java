package dev.scone.bench;

import dev.scone.model.files.Directories;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.table.Bf16;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.table.RocksDbFgramTable;
import dev.scone.model.table.RocksDbTableOptions;
import dev.scone.model.table.TableFileException;
import dev.scone.model.table.TableHeader;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The table benchmark's data: a synthetic f-gram table of {@code entries} rows at dimension {@value
 * #DIMENSION}, saved once as a table file and once as a compacted RocksDB database under the bench
 * directory, and the f-grams the benchmark looks up.
 *
 * <p>Row r's f-gram is a pure function of r, so a benchmark fork can produce the keys it looks up
 * without reading the table: its first two tokens encode r through a bijection of [0, V^2) (V =
 * GPT-2's vocabulary), which makes every row's f-gram distinct and scatters neighbouring rows
 * across the key space; its length (2..5) and remaining tokens come from a hash of r. Vectors are
 * hashed noise: what a lookup costs does not depend on the values it copies.
 *
 * @param entries number of f-grams in the table
 */
public record TableWorkload(int entries) {

    /** Values per vector. */
    public static final int DIMENSION = 64;

    /** F-grams looked up per benchmark fork, cycled through; a power of two. */
    public static final int LOOKUPS = 1 << 20;

    /** Zipf exponent of the skewed access pattern. */
    public static final double ZIPF_EXPONENT = 1.0;

    static final String MODEL_VERSION = "synthetic";
    static final String TABLE_VERSION = "synthetic-v1";

    private static final long V = Gpt2Tokenizer.VOCABULARY_SIZE - 1;
    private static final long KEY_SPACE = V * V;
    // Any multiplier coprime to V^2, such as this prime, makes row -> (a * row + b) mod V^2
    // one-to-one.
    private static final long MULTIPLIER = 1_000_003L;
    private static final long OFFSET = 0x2545F491L;
    private static final float VECTOR_SCALE = 0x1p-31f * 0.05f;
    private static final long ACCESS_SEED = 0x5C0E_0004L;

    public TableWorkload {
        if (entries < 1 || entries > InMemoryFgramTable.MAX_SIZE) {
            throw new IllegalArgumentException(
                    "A benchmark table holds 1 to "
                            + InMemoryFgramTable.MAX_SIZE
                            + " f-grams, not "
                            + entries
                            + ".");
        }
    }

    /** How the benchmark picks the rows it looks up. */
    public enum Access {
        /** Every row equally likely: the worst case for a cache. */
        UNIFORM,
        /** Row r with probability proportional to 1/(r+1), like f-gram frequencies in text. */
        ZIPF;

        /** The JMH parameter value naming this pattern. */
        public String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The pattern a JMH parameter value names. */
        public static Access ofParameter(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** Where the table lives and, for RocksDB, how much of it the block cache holds. */
    public enum Store {
        /** {@link InMemoryFgramTable} loaded from the table file. */
        IN_MEMORY,
        /** {@link RocksDbFgramTable} whose block cache holds the whole table. */
        ROCKSDB_FULL_CACHE,
        /** {@link RocksDbFgramTable} whose block cache is a tenth of the table. */
        ROCKSDB_SMALL_CACHE;

        /** The JMH parameter value naming this store. */
        public String parameter() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The store a JMH parameter value names. */
        public static Store ofParameter(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /**
         * Block cache size for a database of {@code sstBytes}: a quarter more than the data, so
         * that index and filter partitions fit beside it, or a tenth of it.
         */
        public long blockCacheBytes(long sstBytes) {
            return switch (this) {
                case IN_MEMORY -> 0;
                case ROCKSDB_FULL_CACHE -> sstBytes + sstBytes / 4;
                case ROCKSDB_SMALL_CACHE -> sstBytes / 10;
            };
        }
    }

    /**
     * Writes row {@code row}'s f-gram into {@code out[0..)} and returns its length (2..5).
     *
     * @param out room for 5 ids
     */
    public static int gram(long row, int[] out) {
        long scrambled = Math.floorMod(row * MULTIPLIER + OFFSET, KEY_SPACE);
        out[0] = (int) (scrambled / V);
        out[1] = (int) (scrambled % V);
        long hash = mix(row);
        int length = 2 + (int) (hash & 3);
        for (int k = 2; k < length; k++) {
            hash = mix(hash);
            out[k] = (int) Math.floorMod(hash, V);
        }
        return length;
    }

    /** Row {@code row}'s f-gram in a new array. */
    public static int[] gram(long row) {
        int[] tokens = new int[5];
        int length = gram(row, tokens);
        return Arrays.copyOf(tokens, length);
    }

    /** Fills {@code out} with row {@code row}'s vector, small values around zero, as bf16. */
    public static void vector(long row, short[] out) {
        long hash = mix(row ^ 0x9E3779B97F4A7C15L);
        for (int k = 0; k < out.length; k++) {
            hash = mix(hash);
            out[k] = Bf16.toBf16((int) hash * VECTOR_SCALE);
        }
    }

    /**
     * Fills {@code tokens} (5 ids per lookup) and {@code lengths} with {@link #LOOKUPS} f-grams of
     * the table, picked by {@code access}; the same every time.
     */
    public void lookups(Access access, int[] tokens, int[] lengths) {
        SplittableRandom random = new SplittableRandom(ACCESS_SEED);
        ZipfSampler zipf = access == Access.ZIPF ? new ZipfSampler(entries, ZIPF_EXPONENT) : null;
        int[] gram = new int[5];
        for (int i = 0; i < lengths.length; i++) {
            int row = zipf != null ? zipf.sample(random) : random.nextInt(entries);
            lengths[i] = gram(row, gram);
            System.arraycopy(gram, 0, tokens, i * 5, lengths[i]);
        }
    }

    /** The table file under {@code directory}. */
    public Path tableFile(Path directory) {
        return directory.resolve(
                String.format(Locale.ROOT, "table-%d-d%d.sctbl", entries, DIMENSION));
    }

    /** The RocksDB database directory under {@code directory}. */
    public Path rocksDbDirectory(Path directory) {
        return directory.resolve(
                String.format(Locale.ROOT, "table-%d-d%d.rocksdb", entries, DIMENSION));
    }

    /**
     * The table file under {@code directory}, generated and saved first unless a complete one from
     * an earlier run is there.
     */
    public Path ensureTableFile(Path directory, ProgressReporter progress) throws IOException {
        Path file = tableFile(directory);
        if (isCurrent(file)) {
            return file;
        }
        Files.createDirectories(directory);
        InMemoryFgramTable table =
                new InMemoryFgramTable(DIMENSION, entries, MODEL_VERSION, TABLE_VERSION);
        int[] gram = new int[5];
        short[] vector = new short[DIMENSION];
        try (Progress shown = progress.start("Generating f-gram table", entries, "f-grams")) {
            for (int row = 0; row < entries; row++) {
                int length = gram(row, gram);
                vector(row, vector);
                table.put(Arrays.copyOf(gram, length), vector);
                shown.step(1);
            }
        }
        FgramTableFile.save(file, table, "", progress);
        return file;
    }

    /**
     * The compacted RocksDB database under {@code directory}, loaded from the table file first
     * unless a complete one from an earlier run is there. A load goes to a temporary directory that
     * is renamed when done, so an interrupted run leaves nothing that looks complete.
     */
    public Path ensureRocksDb(Path directory, ProgressReporter progress) throws IOException {
        Path database = rocksDbDirectory(directory);
        if (Files.isDirectory(database)) {
            return database;
        }
        Path file = ensureTableFile(directory, progress);
        Path partial = database.resolveSibling(database.getFileName() + ".tmp");
        Directories.deleteRecursively(partial);
        try (RocksDbFgramTable table =
                FgramTableFile.loadIntoRocksDb(
                        file,
                        partial,
                        RocksDbTableOptions.DEFAULTS.withReadOnly(false),
                        progress)) {
            try (Progress shown = progress.start("Compacting RocksDB table", -1, "steps")) {
                table.compact();
            }
        }
        Files.move(partial, database);
        return database;
    }

    /** Bytes of the database's sorted-string-table files: the table as RocksDB stores it. */
    public static long sstBytes(Path database) throws IOException {
        try (Stream<Path> files = Files.list(database)) {
            long bytes = 0;
            for (Path file : files.filter(path -> path.toString().endsWith(".sst")).toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        }
    }

    private boolean isCurrent(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try {
            TableHeader header = FgramTableFile.readHeader(file);
            return header.count() == entries
                    && header.dimension() == DIMENSION
                    && header.tableVersion().equals(TABLE_VERSION);
        } catch (TableFileException e) {
            return false;
        }
    }

    /** A 64-bit finaliser (splitmix64): consecutive inputs give unrelated outputs. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
