package dev.scone.model.fgram;

import dev.scone.schemas.FgramCount;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ObjLongConsumer;
import java.util.zip.Deflater;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The vocabulary file: one Avro container file of {@link FgramCount} rows, with the {@link
 * VocabularyMetadata} JSON stored in the container's own metadata under {@link #METADATA_KEY}. Avro
 * makes the file self-describing (the schema travels inside it), splittable and compressed, and
 * lets later format versions add fields that this build skips.
 *
 * <p>Avro writes container metadata in the header, before any row, so a streaming {@link Writer}
 * takes the metadata at open; content fields not known yet (counts per length, fingerprint) are
 * recomputed from the rows on {@link #read}, and {@link Writer#summary()} gives them for a summary
 * file written beside it.
 */
public final class FgramVocabularyFile {

    /** Container metadata key holding the vocabulary metadata JSON. */
    public static final String METADATA_KEY = "scone.vocabulary";

    private FgramVocabularyFile() {}

    /** Writes {@code vocabulary} to {@code path} in row order, replacing any file there. */
    public static void write(Path path, FgramVocabulary vocabulary) throws IOException {
        try (Writer writer = openWriter(path, vocabulary.metadata())) {
            for (int row = 0; row < vocabulary.size(); row++) {
                writer.append(vocabulary.gram(row), vocabulary.count(row));
            }
        }
    }

    /**
     * Creates {@code path} (replacing any file there) for f-grams appended one at a time.
     *
     * @param metadata stored in the file header; its content fields may still be empty
     */
    public static Writer openWriter(Path path, VocabularyMetadata metadata) throws IOException {
        return new Writer(path, metadata);
    }

    /**
     * Reads a whole vocabulary file. Content fields of the metadata are recomputed from the rows; a
     * fingerprint recorded in the file must match them.
     *
     * @throws NoSuchFileException if there is no file at {@code path}
     * @throws InvalidVocabularyException if the file is not a vocabulary file, comes from a newer
     *     format version, or is damaged
     */
    public static FgramVocabulary read(Path path) throws IOException {
        try (DataFileReader<FgramCount> reader = open(path)) {
            VocabularyMetadata header = metadataOf(reader, path);
            FgramVocabulary.Builder builder = FgramVocabulary.builder().provenance(header);
            scanRows(reader, path, builder::add);
            FgramVocabulary vocabulary = build(builder, path);
            if (header.fingerprint() != null
                    && !header.fingerprint().equals(vocabulary.fingerprint())) {
                throw new InvalidVocabularyException(
                        "The vocabulary file "
                                + path
                                + " is damaged: its rows do not match the fingerprint recorded"
                                + " when it was written.");
            }
            return vocabulary;
        }
    }

    /**
     * Streams the rows of a vocabulary file in file order without holding them in memory.
     *
     * @param action called with each row's gram (a new array the action may keep) and count
     * @return the metadata stored in the file header
     * @throws NoSuchFileException if there is no file at {@code path}
     * @throws InvalidVocabularyException if the file is not a vocabulary file this build reads
     */
    public static VocabularyMetadata forEach(Path path, ObjLongConsumer<int[]> action)
            throws IOException {
        try (DataFileReader<FgramCount> reader = open(path)) {
            VocabularyMetadata header = metadataOf(reader, path);
            scanRows(reader, path, action);
            return header;
        }
    }

    /**
     * The metadata stored in a vocabulary file's header, without reading the rows.
     *
     * @throws NoSuchFileException if there is no file at {@code path}
     * @throws InvalidVocabularyException if the file is not a vocabulary file this build reads
     */
    public static VocabularyMetadata readMetadata(Path path) throws IOException {
        try (DataFileReader<FgramCount> reader = open(path)) {
            return metadataOf(reader, path);
        }
    }

    private static DataFileReader<FgramCount> open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no f-gram vocabulary file there");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidVocabularyException(
                    path + " is not a regular file, so it cannot be an f-gram vocabulary.");
        }
        byte[] magic = DataFileConstants.MAGIC;
        try (InputStream in = Files.newInputStream(path)) {
            if (!Arrays.equals(in.readNBytes(magic.length), magic)) {
                throw new InvalidVocabularyException(
                        path + " is not an f-gram vocabulary: it is not an Avro container file.");
            }
        }
        DatumReader<FgramCount> datumReader = new SpecificDatumReader<>(FgramCount.class);
        try {
            return new DataFileReader<>(path.toFile(), datumReader);
        } catch (IOException | AvroRuntimeException e) {
            throw new InvalidVocabularyException(
                    "The vocabulary file " + path + " is damaged: " + e.getMessage(), e);
        }
    }

    private static VocabularyMetadata metadataOf(DataFileReader<FgramCount> reader, Path path) {
        String json = reader.getMetaString(METADATA_KEY);
        if (json == null) {
            throw new InvalidVocabularyException(
                    path
                            + " is an Avro file but not an f-gram vocabulary: it has no "
                            + METADATA_KEY
                            + " metadata.");
        }
        return VocabularyMetadata.fromJson(json, path.toString());
    }

    private static void scanRows(
            DataFileReader<FgramCount> reader, Path path, ObjLongConsumer<int[]> action) {
        FgramCount record = null;
        try {
            while (reader.hasNext()) {
                record = reader.next(record);
                List<Integer> tokens = record.getTokens();
                int[] gram = new int[tokens.size()];
                for (int k = 0; k < gram.length; k++) {
                    gram[k] = tokens.get(k);
                }
                action.accept(gram, record.getCount());
            }
        } catch (IOException | AvroRuntimeException e) {
            throw new InvalidVocabularyException(
                    "The vocabulary file " + path + " is damaged: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidVocabularyException) {
                throw e;
            }
            throw new InvalidVocabularyException(
                    "The vocabulary file " + path + " holds an invalid row: " + e.getMessage(), e);
        }
    }

    private static FgramVocabulary build(FgramVocabulary.Builder builder, Path path) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidVocabularyException(
                    "The vocabulary file " + path + " holds invalid rows: " + e.getMessage(), e);
        }
    }

    /**
     * Appends f-grams to a new vocabulary file. Rows keep the order they are appended in; append
     * them in {@link FgramRanking} order to get a fingerprint from {@link #summary()} without
     * reading the file back.
     *
     * <p>Not thread-safe.
     */
    public static final class Writer implements Closeable {

        private final DataFileWriter<FgramCount> out;
        private final VocabularyMetadata metadata;
        private final FgramCount record = new FgramCount(new ArrayList<>(), 0L);
        private final long[] keptPerLength;
        private final FingerprintDigest digest = new FingerprintDigest();
        private long rows;
        private long smallestCount = Long.MAX_VALUE;
        private boolean inRankingOrder = true;
        private int[] previousGram;
        private long previousCount;

        private Writer(Path path, VocabularyMetadata metadata) throws IOException {
            this.metadata = metadata;
            this.keptPerLength = new long[metadata.maxN() + 1];
            DataFileWriter<FgramCount> writer =
                    new DataFileWriter<>(new SpecificDatumWriter<>(FgramCount.class));
            writer.setCodec(CodecFactory.deflateCodec(Deflater.BEST_SPEED));
            writer.setMeta(METADATA_KEY, metadata.toJson());
            this.out = writer.create(FgramCount.getClassSchema(), path.toFile());
        }

        /**
         * Appends one f-gram.
         *
         * @throws IllegalArgumentException if {@code gram} is not an f-gram of at most K tokens, or
         *     the count is negative
         */
        public void append(int[] gram, long count) throws IOException {
            CountedFgram.checkGram(gram);
            if (gram.length > metadata.maxN()) {
                throw new IllegalArgumentException(
                        "An f-gram of length "
                                + gram.length
                                + " is longer than the vocabulary's K = "
                                + metadata.maxN()
                                + ".");
            }
            CountedFgram.checkCount(gram, count);
            List<Integer> tokens = record.getTokens();
            tokens.clear();
            for (int token : gram) {
                tokens.add(token);
            }
            record.setCount(count);
            out.append(record);

            rows++;
            keptPerLength[gram.length]++;
            smallestCount = Math.min(smallestCount, count);
            if (inRankingOrder) {
                inRankingOrder =
                        previousGram == null
                                || FgramRanking.compare(previousCount, previousGram, count, gram)
                                        < 0;
                previousGram = gram.clone();
                previousCount = count;
                digest.add(gram, count);
            }
        }

        /** Appends one counted f-gram. */
        public void append(CountedFgram fgram) throws IOException {
            append(fgram.gram(), fgram.count());
        }

        /** Number of rows appended so far. */
        public long rows() {
            return rows;
        }

        /**
         * The metadata given at open with the content fields filled from the rows appended so far.
         * The fingerprint is filled only when every row came in strict ranking order (as in a top-S
         * selection); otherwise it is null and {@link FgramVocabularyFile#read} computes it.
         */
        public VocabularyMetadata summary() {
            long countAtCut = rows == 0 ? 0 : smallestCount;
            String fingerprint = inRankingOrder ? digest.hex() : null;
            return metadata.withContent(keptPerLength, countAtCut, fingerprint);
        }

        /** Finishes the file. */
        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
