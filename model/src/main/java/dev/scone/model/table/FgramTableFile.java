package dev.scone.model.table;

import dev.scone.model.fgram.FgramKey;
import dev.scone.model.files.AtomicMoves;
import dev.scone.model.files.Directories;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.ConcurrentModificationException;

/**
 * The binary table file: a whole f-gram table in one file that loads at disk speed.
 *
 * <p>Layout, all little-endian:
 *
 * <pre>
 *   "SCONETBL"             8 bytes of magic
 *   format version         int
 *   header length          int, bytes before the keys
 *   dimension              int
 *   count                  long
 *   model version          int byte length + UTF-8
 *   table version          int byte length + UTF-8
 *   vocabulary fingerprint int byte length + UTF-8, empty when unknown
 *   keys                   count x (long lo, long hi), the packed f-grams of {@link FgramKey}
 *   matrix                 count x dimension bf16 values, row i belonging to key i
 * </pre>
 *
 * Keys and matrix are separate sections so that a load can read the matrix straight into the
 * in-memory table's dense array. Saving writes a temporary file next to the target and renames it,
 * so readers never see half a table.
 */
public final class FgramTableFile {

    /** The layout version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = "SCONETBL".getBytes(StandardCharsets.US_ASCII);
    private static final int FIXED_HEADER_BYTES = MAGIC.length + 3 * Integer.BYTES + Long.BYTES;
    private static final int HEADER_STRINGS = 3;
    private static final int MAX_STRING_BYTES = 1 << 16;
    private static final int MAX_HEADER_BYTES =
            FIXED_HEADER_BYTES + HEADER_STRINGS * (Integer.BYTES + MAX_STRING_BYTES);
    private static final int KEY_BUFFER_BYTES = 1 << 20;
    private static final int MATRIX_BUFFER_BYTES = 4 << 20;

    private FgramTableFile() {}

    /** Saves {@code table} to {@code file} with no vocabulary fingerprint. */
    public static void save(Path file, FgramTable table) throws IOException {
        save(file, table, "", ProgressReporter.silent());
    }

    /**
     * Saves {@code table} to {@code file}, replacing it if present.
     *
     * @param vocabularyFingerprint fingerprint of the f-gram vocabulary the table belongs to, or
     *     empty
     * @throws ConcurrentModificationException when the table's size changed during the save
     */
    public static void save(
            Path file, FgramTable table, String vocabularyFingerprint, ProgressReporter progress)
            throws IOException {
        long count = table.size();
        byte[] header =
                encodeHeader(
                        table.dimension(),
                        count,
                        table.modelVersion(),
                        table.version(),
                        vocabularyFingerprint);
        TableHeader layout =
                new TableHeader(
                        FORMAT_VERSION,
                        table.dimension(),
                        count,
                        table.modelVersion(),
                        table.version(),
                        vocabularyFingerprint,
                        header.length);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel =
                        FileChannel.open(
                                temporary,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE);
                Progress shown = progress.start("Saving f-gram table", count, "f-grams")) {
            ByteBuffer headerBytes = ByteBuffer.wrap(header);
            while (headerBytes.hasRemaining()) {
                channel.write(headerBytes, headerBytes.position());
            }
            EntryWriter writer = new EntryWriter(channel, layout, shown);
            table.forEach(writer);
            writer.finish();
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        AtomicMoves.replace(temporary, file);
    }

    /** Reads only the header of a table file, checking that the file is complete. */
    public static TableHeader readHeader(Path file) throws IOException {
        try (FileChannel channel = openForReading(file)) {
            return readHeader(channel, file);
        }
    }

    /** Loads a table file into a new in-memory table. */
    public static InMemoryFgramTable load(Path file) throws IOException {
        return load(file, ProgressReporter.silent());
    }

    /** Loads a table file into a new in-memory table, reporting progress over the f-grams. */
    public static InMemoryFgramTable load(Path file, ProgressReporter progress) throws IOException {
        try (FileChannel channel = openForReading(file)) {
            TableHeader header = readHeader(channel, file);
            if (header.count() > InMemoryFgramTable.MAX_SIZE) {
                throw new TableFileException(
                        "The table file "
                                + file
                                + " holds "
                                + header.count()
                                + " f-grams, more than an in-memory table can hold ("
                                + InMemoryFgramTable.MAX_SIZE
                                + "); load it into RocksDB instead.");
            }
            InMemoryFgramTable table =
                    new InMemoryFgramTable(
                            header.dimension(),
                            (int) header.count(),
                            header.modelVersion(),
                            header.tableVersion());
            try (Progress shown =
                    progress.start("Loading f-gram table", header.count(), "f-grams")) {
                SectionReader keys = keysReader(channel, file, header);
                for (long entry = 0; entry < header.count(); entry++) {
                    long lo = keys.readLong();
                    long hi = keys.readLong();
                    checkKey(file, entry, lo, hi);
                    if (!table.appendKey(lo, hi)) {
                        throw TableFileException.corrupt(
                                file,
                                "it holds the f-gram " + PackedKeys.describe(lo, hi) + " twice");
                    }
                    shown.step(1);
                }
                table.readMatrix(matrixReader(channel, file, header));
            }
            return table;
        }
    }

    /**
     * Loads a table file into a new RocksDB table in {@code directory}, in unlogged bulk batches.
     * When the load fails, a directory the load created is removed again.
     *
     * @param options how to open the database; with {@code readOnly} the table is loaded, then
     *     reopened for lookups only
     * @throws IOException when the file cannot be read or the directory already holds a database
     */
    public static RocksDbFgramTable loadIntoRocksDb(
            Path file, Path directory, RocksDbTableOptions options, ProgressReporter progress)
            throws IOException {
        try (FileChannel channel = openForReading(file)) {
            TableHeader header = readHeader(channel, file);
            boolean directoryExisted = Files.exists(directory);
            RocksDbFgramTable table =
                    RocksDbFgramTable.create(
                            directory,
                            header.dimension(),
                            header.modelVersion(),
                            header.tableVersion(),
                            options.withReadOnly(false));
            try (Progress shown =
                            progress.start(
                                    "Loading f-gram table into RocksDB",
                                    header.count(),
                                    "f-grams");
                    RocksDbFgramTable.BulkLoader loader = table.bulkLoader()) {
                SectionReader keys = keysReader(channel, file, header);
                SectionReader matrix = matrixReader(channel, file, header);
                byte[] key = new byte[PackedKeys.BYTES];
                // The file's matrix rows are already the store's value bytes: little-endian bf16.
                byte[] value = new byte[header.dimension() * Bf16.BYTES];
                for (long entry = 0; entry < header.count(); entry++) {
                    long lo = keys.readLong();
                    long hi = keys.readLong();
                    checkKey(file, entry, lo, hi);
                    PackedKeys.write(lo, hi, key);
                    matrix.readBytes(value, 0, value.length);
                    loader.add(key, value);
                    shown.step(1);
                }
            } catch (IOException | RuntimeException e) {
                table.close();
                if (!directoryExisted) {
                    Directories.deleteRecursively(directory);
                }
                throw e;
            }
            if (options.readOnly()) {
                table.close();
                return RocksDbFgramTable.open(directory, options);
            }
            return table;
        }
    }

    /**
     * Passes every entry of a table file to {@code consumer} in file order, without loading the
     * table, for example to publish it to the changelog topic.
     */
    public static <E extends Exception> void forEach(Path file, FgramEntryConsumer<E> consumer)
            throws IOException, E {
        try (FileChannel channel = openForReading(file)) {
            TableHeader header = readHeader(channel, file);
            SectionReader keys = keysReader(channel, file, header);
            SectionReader matrix = matrixReader(channel, file, header);
            for (long entry = 0; entry < header.count(); entry++) {
                long lo = keys.readLong();
                long hi = keys.readLong();
                checkKey(file, entry, lo, hi);
                short[] vector = new short[header.dimension()];
                matrix.readShorts(vector, 0, vector.length);
                consumer.accept(FgramKey.unpack(lo, hi), vector);
            }
        }
    }

    private static FileChannel openForReading(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw TableFileException.missing(file);
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw TableFileException.missing(file);
        }
    }

    private static TableHeader readHeader(FileChannel channel, Path file) throws IOException {
        long fileBytes = channel.size();
        ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readAvailable(channel, fixed, 0);
        fixed.flip();
        if (fixed.remaining() < MAGIC.length) {
            throw TableFileException.notATableFile(file);
        }
        byte[] magic = new byte[MAGIC.length];
        fixed.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw TableFileException.notATableFile(file);
        }
        if (fixed.remaining() < Integer.BYTES) {
            throw TableFileException.truncated(file);
        }
        int formatVersion = fixed.getInt();
        if (formatVersion > FORMAT_VERSION) {
            throw TableFileException.newerFormat(file, formatVersion);
        }
        if (formatVersion < 1) {
            throw TableFileException.corrupt(file, "its format version is " + formatVersion);
        }
        if (fixed.remaining() < FIXED_HEADER_BYTES - MAGIC.length - Integer.BYTES) {
            throw TableFileException.truncated(file);
        }
        int headerLength = fixed.getInt();
        int dimension = fixed.getInt();
        long count = fixed.getLong();
        if (headerLength < FIXED_HEADER_BYTES + HEADER_STRINGS * Integer.BYTES
                || headerLength > MAX_HEADER_BYTES) {
            throw TableFileException.corrupt(
                    file, "its header length " + headerLength + " is out of range");
        }
        if (dimension < 1) {
            throw TableFileException.corrupt(file, "its dimension is " + dimension);
        }
        if (count < 0) {
            throw TableFileException.corrupt(file, "its f-gram count is " + count);
        }
        if (fileBytes < headerLength) {
            throw TableFileException.truncated(file);
        }
        ByteBuffer strings =
                ByteBuffer.allocate(headerLength - FIXED_HEADER_BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
        readAvailable(channel, strings, FIXED_HEADER_BYTES);
        strings.flip();
        String modelVersion = readString(strings, file);
        String tableVersion = readString(strings, file);
        String vocabularyFingerprint = readString(strings, file);
        TableHeader header =
                new TableHeader(
                        formatVersion,
                        dimension,
                        count,
                        modelVersion,
                        tableVersion,
                        vocabularyFingerprint,
                        headerLength);
        long expectedBytes;
        try {
            long bytesPerEntry = PackedKeys.BYTES + (long) dimension * Bf16.BYTES;
            expectedBytes = Math.addExact(headerLength, Math.multiplyExact(count, bytesPerEntry));
        } catch (ArithmeticException e) {
            throw TableFileException.corrupt(file, "its f-gram count " + count + " is impossible");
        }
        if (fileBytes < expectedBytes) {
            throw TableFileException.truncated(file, fileBytes, expectedBytes);
        }
        if (fileBytes > expectedBytes) {
            throw TableFileException.corrupt(
                    file,
                    "it has " + (fileBytes - expectedBytes) + " bytes after the end of its matrix");
        }
        return header;
    }

    private static void readAvailable(FileChannel channel, ByteBuffer target, long position)
            throws IOException {
        while (target.hasRemaining()) {
            int read = channel.read(target, position + target.position());
            if (read < 0) {
                return;
            }
        }
    }

    private static String readString(ByteBuffer header, Path file) throws TableFileException {
        if (header.remaining() < Integer.BYTES) {
            throw TableFileException.corrupt(file, "its header ends inside a string");
        }
        int length = header.getInt();
        if (length < 0 || length > header.remaining()) {
            throw TableFileException.corrupt(file, "a header string overruns the header");
        }
        byte[] bytes = new byte[length];
        header.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] encodeHeader(
            int dimension,
            long count,
            String modelVersion,
            String tableVersion,
            String vocabularyFingerprint) {
        byte[][] strings = {
            headerString("model version", modelVersion),
            headerString("table version", tableVersion),
            headerString("vocabulary fingerprint", vocabularyFingerprint)
        };
        int length = FIXED_HEADER_BYTES;
        for (byte[] string : strings) {
            length += Integer.BYTES + string.length;
        }
        ByteBuffer header = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(FORMAT_VERSION).putInt(length).putInt(dimension).putLong(count);
        for (byte[] string : strings) {
            header.putInt(string.length).put(string);
        }
        return header.array();
    }

    private static byte[] headerString(String what, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException(
                    "The " + what + " is longer than " + MAX_STRING_BYTES + " bytes.");
        }
        return bytes;
    }

    private static void checkKey(Path file, long entry, long lo, long hi)
            throws TableFileException {
        if (!PackedKeys.isWellFormed(lo, hi)) {
            throw TableFileException.corrupt(file, "key " + entry + " is not a packed f-gram");
        }
    }

    private static SectionReader keysReader(FileChannel channel, Path file, TableHeader header) {
        return new SectionReader(
                channel, file, header.keysOffset(), header.matrixOffset(), KEY_BUFFER_BYTES);
    }

    private static SectionReader matrixReader(FileChannel channel, Path file, TableHeader header) {
        return new SectionReader(
                channel, file, header.matrixOffset(), header.fileLength(), MATRIX_BUFFER_BYTES);
    }

    /** Writes each entry's key and vector to their sections, checking the entry count. */
    private static final class EntryWriter implements FgramEntryConsumer<IOException> {

        private final TableHeader layout;
        private final SectionWriter keys;
        private final SectionWriter matrix;
        private final Progress progress;
        private long written;

        EntryWriter(FileChannel channel, TableHeader layout, Progress progress) {
            this.layout = layout;
            this.keys = new SectionWriter(channel, layout.keysOffset(), KEY_BUFFER_BYTES);
            this.matrix = new SectionWriter(channel, layout.matrixOffset(), MATRIX_BUFFER_BYTES);
            this.progress = progress;
        }

        @Override
        public void accept(int[] gram, short[] vector) throws IOException {
            if (written == layout.count()) {
                throw tableChanged();
            }
            keys.writeLong(FgramKey.lo(gram, 0, gram.length));
            keys.writeLong(FgramKey.hi(gram, 0, gram.length));
            matrix.writeShorts(vector, 0, layout.dimension());
            written++;
            progress.step(1);
        }

        void finish() throws IOException {
            if (written != layout.count()) {
                throw tableChanged();
            }
            keys.flush();
            matrix.flush();
        }

        private static ConcurrentModificationException tableChanged() {
            return new ConcurrentModificationException(
                    "The table changed while it was being saved; save it again.");
        }
    }
}
