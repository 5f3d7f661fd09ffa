package dev.scone.bench;

import dev.scone.model.nn.SconeConfig;
import dev.scone.model.table.MutableFgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What {@code scone bench gpt2-small} measures on: a decoder of GPT-2 small's shape with random
 * weights, synthetic documents and a random f-gram table, all built in memory and deterministic.
 *
 * <p>The documents draw their tokens from a Zipf distribution over the vocabulary. The table holds
 * the f-gram ending at every other position of the documents (lengths 2 to 5), so about half the
 * positions find a match as they would in a table built from text, plus {@code fillerEntries}
 * random f-grams that no document contains, to give the table a size at which lookups are no longer
 * served by a few cache lines.
 *
 * @param documents how many documents are scored
 * @param documentLength tokens per document (at most the context length)
 * @param fillerEntries random f-grams added to the table beyond the documents' own
 * @param newTokens tokens generated per generation run
 */
public record Gpt2SmallWorkload(
        int documents, int documentLength, int fillerEntries, int newTokens) {

    /** GPT-2 small's width. */
    public static final int D = 768;

    /** GPT-2 small's depth. */
    public static final int LAYERS = 12;

    /** GPT-2 small's attention heads. */
    public static final int HEADS = 12;

    /** The context of the benchmark model: shorter than GPT-2's 1024, to keep one run short. */
    public static final int CONTEXT_LENGTH = 256;

    /** K, the longest f-gram. */
    public static final int MAX_FGRAM_LENGTH = 5;

    private static final long DOCUMENT_SEED = 0x5C0E_0768L;
    private static final double ZIPF_EXPONENT = 1.0;

    /** The full run: 6 documents of 256 tokens, 50,000 filler f-grams, 64 new tokens. */
    public static final Gpt2SmallWorkload FULL = new Gpt2SmallWorkload(6, 256, 50_000, 64);

    /** The quick run: 2 documents of 128 tokens, 10,000 filler f-grams, 16 new tokens. */
    public static final Gpt2SmallWorkload QUICK = new Gpt2SmallWorkload(2, 128, 10_000, 16);

    public Gpt2SmallWorkload {
        if (documents < 1 || documentLength < 2 || fillerEntries < 0 || newTokens < 1) {
            throw new IllegalArgumentException(
                    "The workload needs at least one document of two or more tokens, no negative"
                            + " filler and at least one new token.");
        }
        if (documentLength > CONTEXT_LENGTH || newTokens >= CONTEXT_LENGTH) {
            throw new IllegalArgumentException(
                    "Documents and generations must fit the context of "
                            + CONTEXT_LENGTH
                            + " tokens.");
        }
    }

    /**
     * GPT-2 small's shape: GPT-2 vocabulary, d = 768, 12 layers, 12 heads, feed-forward width 3072,
     * tanh GELU, output projection tied to the token embeddings; no f-gram model, since at
     * inference the table supplies the f-gram vectors. The weights are random (seed 42).
     */
    public static SconeConfig config() {
        return new SconeConfig(
                SconeConfig.GPT2_VOCAB_SIZE,
                D,
                LAYERS,
                HEADS,
                CONTEXT_LENGTH,
                MAX_FGRAM_LENGTH,
                0,
                0,
                4,
                0f,
                42L,
                SconeConfig.GELU_NEW,
                SconeConfig.DEFAULT_LAYER_NORM_EPSILON,
                null,
                true,
                SconeConfig.READOUT_NORM);
    }

    /** The documents, the same on every call. */
    public List<int[]> documentTokens() {
        ZipfSampler zipf = new ZipfSampler(Gpt2Tokenizer.VOCABULARY_SIZE, ZIPF_EXPONENT);
        SplittableRandom random = new SplittableRandom(DOCUMENT_SEED);
        List<int[]> out = new ArrayList<>(documents);
        for (int d = 0; d < documents; d++) {
            out.add(zipf.sample(random, documentLength));
        }
        return out;
    }

    /**
     * Puts the documents' f-grams and the filler into {@code table}, vectors of the table's
     * dimension with small random values.
     *
     * @return how many distinct f-grams the table holds afterwards
     */
    public long fill(MutableFgramTable table, List<int[]> documentTokens) {
        short[] vector = new short[table.dimension()];
        long row = 0;
        for (int[] tokens : documentTokens) {
            for (int end = 1; end < tokens.length; end += 2) {
                int length = Math.min(end + 1, 2 + (int) (row % (MAX_FGRAM_LENGTH - 1)));
                TableWorkload.vector(row++, vector);
                table.put(Arrays.copyOfRange(tokens, end - length + 1, end + 1), vector);
            }
        }
        for (long filler = 0; filler < fillerEntries; filler++) {
            TableWorkload.vector(row++, vector);
            table.put(TableWorkload.gram(filler), vector);
        }
        return table.size();
    }
}
