package dev.scone.model.fgram;

import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.ObjLongConsumer;

/**
 * V_f, an immutable set of f-grams (token n-grams of length 2..K) with their corpus counts.
 *
 * <p>Rows are numbered 0..size-1 in {@link FgramRanking} order, so row 0 is the most frequent
 * f-gram and the numbering depends only on the content, never on the order grams were added. An
 * embedding table can therefore use the row as its matrix row and share {@link #index()}.
 *
 * <p>Safe for concurrent reads.
 */
public final class FgramVocabulary {

    private final long[] keyLo;
    private final long[] keyHi;
    private final long[] counts;
    private final FgramIndex index;
    private final VocabularyMetadata metadata;
    private final boolean suffixClosed;

    private FgramVocabulary(
            long[] keyLo,
            long[] keyHi,
            long[] counts,
            FgramIndex index,
            VocabularyMetadata metadata,
            boolean suffixClosed) {
        this.keyLo = keyLo;
        this.keyHi = keyHi;
        this.counts = counts;
        this.index = index;
        this.metadata = metadata;
        this.suffixClosed = suffixClosed;
    }

    /** A builder that accepts f-grams in any order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of f-grams. */
    public int size() {
        return counts.length;
    }

    /** K, the longest f-gram length this vocabulary may hold. */
    public int maxN() {
        return metadata.maxN();
    }

    /** The token ids of a row, in a new array. */
    public int[] gram(int row) {
        Objects.checkIndex(row, counts.length);
        return FgramKey.unpack(keyLo[row], keyHi[row]);
    }

    /** Length of a row's f-gram. */
    public int length(int row) {
        Objects.checkIndex(row, counts.length);
        return FgramKey.length(keyHi[row]);
    }

    /** Corpus count of a row's f-gram. */
    public long count(int row) {
        return counts[row];
    }

    /** Row of {@code tokens[from .. from+length)}, or -1 when it is not an f-gram. */
    public int row(int[] tokens, int from, int length) {
        return index.row(tokens, from, length);
    }

    /** Row of {@code gram}, or -1 when it is not an f-gram. */
    public int row(int[] gram) {
        return index.row(gram, 0, gram.length);
    }

    /** Whether {@code tokens[from .. from+length)} is an f-gram. Allocation-free. */
    public boolean contains(int[] tokens, int from, int length) {
        return index.row(tokens, from, length) >= 0;
    }

    /** Whether {@code gram} is an f-gram. */
    public boolean contains(int[] gram) {
        return contains(gram, 0, gram.length);
    }

    /**
     * The index from packed f-gram to row, shared rather than copied so that matchers and embedding
     * tables need no second copy. Callers must not add to it.
     */
    public FgramIndex index() {
        return index;
    }

    /** Provenance and content summary; its fingerprint is {@link #fingerprint()}. */
    public VocabularyMetadata metadata() {
        return metadata;
    }

    /**
     * Whether every f-gram of length 3 or more has its (n-1)-suffix in the vocabulary, so that a
     * longest-match search may stop at the first length that misses.
     */
    public boolean isSuffixClosed() {
        return suffixClosed;
    }

    /** Hex SHA-256 over the rows and counts in ranking order. */
    public String fingerprint() {
        return metadata.fingerprint();
    }

    /** Calls {@code action} with each row's gram (a new array) and count, in row order. */
    public void forEach(ObjLongConsumer<int[]> action) {
        for (int row = 0; row < counts.length; row++) {
            action.accept(FgramKey.unpack(keyLo[row], keyHi[row]), counts[row]);
        }
    }

    @Override
    public String toString() {
        return "FgramVocabulary{size="
                + size()
                + ", maxN="
                + maxN()
                + ", suffixClosed="
                + suffixClosed
                + ", fingerprint="
                + fingerprint()
                + "}";
    }

    /**
     * Collects f-grams in any order, then ranks them, numbers the rows and summarises them. The
     * provenance setters are optional; unset, K defaults to the longest gram added and the
     * tokenizer to {@link Gpt2Tokenizer#NAME}.
     */
    public static final class Builder {

        private long[] keyLo = new long[16];
        private long[] keyHi = new long[16];
        private long[] counts = new long[16];
        private int size;

        private String tokenizer = Gpt2Tokenizer.NAME;
        private int maxN;
        private long minCount;
        private long requestedSize;
        private long corpusTokens;
        private long corpusDocuments;
        private String createdAt;

        private Builder() {}

        /** Name of the tokenizer whose ids the f-grams hold. */
        public Builder tokenizer(String name) {
            this.tokenizer = Objects.requireNonNull(name, "tokenizer");
            return this;
        }

        /** K: f-grams longer than this are rejected. */
        public Builder maxN(int maxN) {
            this.maxN = FgramKey.requireMaxLength(maxN, FgramKey.LONGEST_LENGTH);
            return this;
        }

        /** Smallest count an n-gram needed to be a candidate. */
        public Builder minCount(long minCount) {
            this.minCount = minCount;
            return this;
        }

        /** S, the number of f-grams asked for, or 0 for no limit. */
        public Builder requestedSize(long requestedSize) {
            this.requestedSize = requestedSize;
            return this;
        }

        /** Size of the corpus the counts come from. */
        public Builder corpus(long tokens, long documents) {
            this.corpusTokens = tokens;
            this.corpusDocuments = documents;
            return this;
        }

        /** When the vocabulary was made (ISO-8601); defaults to now. */
        public Builder createdAt(String createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /** Takes every provenance field (not the content fields) from {@code metadata}. */
        public Builder provenance(VocabularyMetadata metadata) {
            return tokenizer(metadata.tokenizer())
                    .maxN(metadata.maxN())
                    .minCount(metadata.minCount())
                    .requestedSize(metadata.requestedSize())
                    .corpus(metadata.corpusTokens(), metadata.corpusDocuments())
                    .createdAt(metadata.createdAt());
        }

        /**
         * Adds an f-gram. The array is not kept.
         *
         * @throws IllegalArgumentException if the gram is not an f-gram, is longer than K, or the
         *     count is negative; a gram added twice is reported by {@link #build()}
         */
        public Builder add(int[] gram, long count) {
            CountedFgram.checkGram(gram);
            if (maxN > 0 && gram.length > maxN) {
                throw tooLong(gram.length);
            }
            CountedFgram.checkCount(gram, count);
            if (size == counts.length) {
                int capacity = Math.max(16, size + (size >> 1));
                keyLo = Arrays.copyOf(keyLo, capacity);
                keyHi = Arrays.copyOf(keyHi, capacity);
                counts = Arrays.copyOf(counts, capacity);
            }
            keyLo[size] = FgramKey.lo(gram, 0, gram.length);
            keyHi[size] = FgramKey.hi(gram, 0, gram.length);
            counts[size] = count;
            size++;
            return this;
        }

        /** Adds a counted f-gram. */
        public Builder add(CountedFgram fgram) {
            return add(fgram.gram(), fgram.count());
        }

        /** Adds counted f-grams. */
        public Builder addAll(Iterable<CountedFgram> fgrams) {
            for (CountedFgram fgram : fgrams) {
                add(fgram);
            }
            return this;
        }

        /**
         * Ranks the f-grams, numbers the rows and computes the content summary.
         *
         * @throws IllegalArgumentException if an f-gram was added twice, or one is longer than K
         */
        public FgramVocabulary build() {
            int longest = CountedFgram.MIN_LENGTH;
            for (int i = 0; i < size; i++) {
                longest = Math.max(longest, FgramKey.length(keyHi[i]));
            }
            int k = maxN > 0 ? maxN : longest;
            if (longest > k) {
                throw tooLong(longest);
            }

            int[] order = IndexSort.sortedRows(size, this::compareRanks);
            long[] sortedLo = new long[size];
            long[] sortedHi = new long[size];
            long[] sortedCounts = new long[size];
            FgramIndex index = new FgramIndex(size);
            long[] keptPerLength = new long[k + 1];
            FingerprintDigest digest = new FingerprintDigest();
            for (int row = 0; row < size; row++) {
                int source = order[row];
                long lo = keyLo[source];
                long hi = keyHi[source];
                if (index.add(lo, hi) != row) {
                    throw new IllegalArgumentException(
                            "The f-gram "
                                    + Arrays.toString(FgramKey.unpack(lo, hi))
                                    + " was added more than once.");
                }
                sortedLo[row] = lo;
                sortedHi[row] = hi;
                sortedCounts[row] = counts[source];
                keptPerLength[FgramKey.length(hi)]++;
                digest.add(lo, hi, counts[source]);
            }

            VocabularyMetadata metadata =
                    new VocabularyMetadata(
                            VocabularyMetadata.CURRENT_FORMAT_VERSION,
                            tokenizer,
                            k,
                            minCount,
                            requestedSize,
                            corpusTokens,
                            corpusDocuments,
                            keptPerLength,
                            size == 0 ? 0 : sortedCounts[size - 1],
                            createdAt != null
                                    ? createdAt
                                    : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                            digest.hex());
            boolean closed = isSuffixClosed(sortedLo, sortedHi, index);
            return new FgramVocabulary(sortedLo, sortedHi, sortedCounts, index, metadata, closed);
        }

        private int compareRanks(int a, int b) {
            if (counts[a] != counts[b]) {
                return counts[a] > counts[b] ? -1 : 1;
            }
            int lengthA = FgramKey.length(keyHi[a]);
            int lengthB = FgramKey.length(keyHi[b]);
            if (lengthA != lengthB) {
                return lengthA < lengthB ? -1 : 1;
            }
            int major =
                    Long.compare(
                            PackedGrams.majorOrder(keyLo[a]), PackedGrams.majorOrder(keyLo[b]));
            return major != 0
                    ? major
                    : Long.compare(
                            PackedGrams.minorOrder(keyHi[a]), PackedGrams.minorOrder(keyHi[b]));
        }

        private static boolean isSuffixClosed(long[] lo, long[] hi, FgramIndex index) {
            for (int row = 0; row < lo.length; row++) {
                if (FgramKey.length(hi[row]) > CountedFgram.MIN_LENGTH
                        && index.row(
                                        PackedGrams.suffixLo(lo[row], hi[row]),
                                        PackedGrams.suffixHi(lo[row], hi[row]))
                                < 0) {
                    return false;
                }
            }
            return true;
        }

        private IllegalArgumentException tooLong(int length) {
            return new IllegalArgumentException(
                    "An f-gram of length "
                            + length
                            + " is longer than the vocabulary's K = "
                            + maxN
                            + ".");
        }
    }
}
