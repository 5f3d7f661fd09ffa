package dev.scone.bench;

import dev.scone.flink.service.RawRecord;
import dev.scone.model.table.MutableFgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.Document;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.FgramKeyCodec;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * What {@code scone bench streaming-ceiling} streams: synthetic documents and a suffix-closed
 * f-gram table over their tokens, deterministic, built in memory.
 *
 * <p>Each document is the text of {@code documentTokens} GPT-2 ids drawn from a Zipf distribution;
 * both sides of the benchmark tokenize that text again, so the table is built from the re-encoded
 * tokens. The table holds the f-gram ending at every other position (lengths 2 to 5, cycling) with
 * all of its suffixes, so the keyed probe-down in the job and the offline suffix-closed search give
 * the same longest match, plus {@code fillerEntries} random f-grams no document contains.
 *
 * @param documents how many documents are streamed per run
 * @param documentTokens ids drawn per document before decoding to text
 * @param fillerEntries random f-grams added beyond the documents' own
 */
public record CeilingWorkload(int documents, int documentTokens, int fillerEntries) {

    /** K, the longest f-gram. */
    public static final int MAX_FGRAM_LENGTH = 5;

    /** The topics the records claim to come from. */
    static final String DOCUMENTS_TOPIC = "scone.documents";

    static final String TABLE_TOPIC = "scone.fgram-table";

    private static final long SEED = 0xCE11_0768L;

    /** The full run: 800 documents of about 256 tokens, 20,000 filler f-grams. */
    public static final CeilingWorkload FULL = new CeilingWorkload(800, 256, 20_000);

    /** The quick run: 60 documents of about 128 tokens, 2,000 filler f-grams. */
    public static final CeilingWorkload QUICK = new CeilingWorkload(60, 128, 2_000);

    public CeilingWorkload {
        if (documents < 1 || documentTokens < 2 || fillerEntries < 0) {
            throw new IllegalArgumentException(
                    "The workload needs at least one document of two or more tokens and no"
                            + " negative filler.");
        }
    }

    /** The documents' texts, the same on every call. */
    public List<String> texts() {
        ZipfSampler zipf = new ZipfSampler(Gpt2Tokenizer.VOCABULARY_SIZE, 1.0);
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> texts = new ArrayList<>(documents);
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        for (int d = 0; d < documents; d++) {
            // Ids that are part of a character only (byte-level pieces) would make text that is
            // not valid UTF-8, which the service dead-letters: they are left out.
            int[] ids =
                    Arrays.stream(zipf.sample(random, documentTokens))
                            .filter(id -> tokenizer.decode(new int[] {id}).indexOf('\uFFFD') < 0)
                            .toArray();
            texts.add(tokenizer.decode(ids));
        }
        return texts;
    }

    /** The f-grams of the table in insertion order, each with its row number for its vector. */
    public List<int[]> fgrams(List<String> texts) {
        Map<String, int[]> distinct = new LinkedHashMap<>();
        long row = 0;
        for (String text : texts) {
            int[] tokens = Gpt2Tokenizer.get().encode(text);
            for (int end = 1; end < tokens.length; end += 2) {
                int length = Math.min(end + 1, 2 + (int) (row++ % (MAX_FGRAM_LENGTH - 1)));
                for (int n = length; n >= 2; n--) {
                    int[] gram = Arrays.copyOfRange(tokens, end - n + 1, end + 1);
                    distinct.putIfAbsent(Arrays.toString(gram), gram);
                }
            }
        }
        for (long filler = 0; filler < fillerEntries; filler++) {
            int[] gram = TableWorkload.gram(filler);
            // Filler is suffix-closed too: its suffixes are f-grams of their own.
            for (int start = gram.length - 2; start >= 0; start--) {
                int[] suffix = Arrays.copyOfRange(gram, start, gram.length);
                distinct.putIfAbsent(Arrays.toString(suffix), suffix);
            }
        }
        return new ArrayList<>(distinct.values());
    }

    /** Puts {@code fgrams} into {@code table}, row r with {@link TableWorkload#vector}(r). */
    public static void fill(MutableFgramTable table, List<int[]> fgrams) {
        short[] vector = new short[table.dimension()];
        for (int row = 0; row < fgrams.size(); row++) {
            TableWorkload.vector(row, vector);
            table.put(fgrams.get(row), vector);
        }
    }

    /**
     * The same table as changelog records of {@code dimension}-value vectors, as Kafka holds it.
     */
    public static List<RawRecord> changelog(
            List<int[]> fgrams, int dimension, String modelVersion, String tableVersion) {
        ChangelogRecords records =
                new ChangelogRecords(fgrams, dimension, modelVersion, tableVersion);
        List<RawRecord> list = new ArrayList<>(fgrams.size());
        for (int row = 0; row < fgrams.size(); row++) {
            list.add(records.map((long) row));
        }
        return list;
    }

    /**
     * The changelog record of each row of the table, made when a source asks for it: the job graph
     * then carries the f-grams' tokens only, not every entry's vector, and the full run fits the
     * JVM's default heap.
     */
    public static final class ChangelogRecords implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;

        private final int[][] fgrams;
        private final int dimension;
        private final String modelVersion;
        private final String tableVersion;

        public ChangelogRecords(
                List<int[]> fgrams, int dimension, String modelVersion, String tableVersion) {
            this.fgrams = fgrams.toArray(new int[0][]);
            this.dimension = dimension;
            this.modelVersion = modelVersion;
            this.tableVersion = tableVersion;
        }

        /** How many records the changelog has: one per f-gram. */
        public int size() {
            return fgrams.length;
        }

        /** The record of row {@code index}, with {@link TableWorkload#vector}(index). */
        @Override
        public RawRecord map(Long index) {
            int row = Math.toIntExact(index);
            short[] vector = new short[dimension];
            TableWorkload.vector(row, vector);
            ByteBuffer bytes = ByteBuffer.allocate(2 * dimension).order(ByteOrder.LITTLE_ENDIAN);
            for (short value : vector) {
                bytes.putShort(value);
            }
            bytes.flip();
            int[] gram = fgrams[row];
            FgramEntry entry =
                    FgramEntry.newBuilder()
                            .setTokens(Arrays.stream(gram).boxed().toList())
                            .setDim(dimension)
                            .setVector(bytes)
                            .setModelVersion(modelVersion)
                            .setTableVersion(tableVersion)
                            .build();
            return RawRecord.of(
                    TABLE_TOPIC,
                    row,
                    FgramKeyCodec.encode(gram),
                    SingleObjectCodec.fgramEntries().encode(entry));
        }
    }

    /** Score requests for {@code texts}, as records of the documents topic. */
    public static List<RawRecord> documentRecords(List<String> texts) {
        List<RawRecord> records = new ArrayList<>(texts.size());
        for (int d = 0; d < texts.size(); d++) {
            Document document =
                    Document.newBuilder()
                            .setId("doc-" + d)
                            .setText(texts.get(d))
                            .setTask(Task.SCORE)
                            .build();
            records.add(
                    RawRecord.of(
                            DOCUMENTS_TOPIC,
                            d,
                            null,
                            SingleObjectCodec.documents().encode(document)));
        }
        return records;
    }
}
