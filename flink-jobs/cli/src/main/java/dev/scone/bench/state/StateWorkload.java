package dev.scone.bench.state;

import dev.scone.bench.TableWorkload;
import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.model.table.Bf16;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The state benchmark's table and lookup stream, both pure functions of an index so that Flink
 * sources generate them without reading a file, and the driver can tell what every answer must be.
 *
 * <p><b>Table.</b> Phrase p is five tokens; its suffixes of length 2, 3, 4 and 5 are table entries
 * 4p .. 4p+3, so the table is suffix-closed as the service's tables are. The last two tokens of
 * phrase p encode p through a bijection of [0, V^2) (V = GPT-2's vocabulary without its end-of-text
 * token): every phrase ends with a bigram of its own, which makes the four entries of a phrase the
 * only ones under their bigram key and scatters neighbouring phrases over the key space. Vectors
 * are {@value #DIMENSION} bf16 values of hashed noise.
 *
 * <p><b>Lookups.</b> Index i belongs to a phase: {@code warmUpLookups} uniform warm-up lookups,
 * {@code lookupsPerPhase} uniform ones, as many drawn Zipf-distributed (s = {@value
 * #ZIPF_EXPONENT}) over the phrases, phrase 0 the most frequent, and one closing lookup. One lookup
 * in five ends with a bigram no phrase has (a miss, one state read); the others end with exactly
 * the last L tokens of a phrase, L = 2, 3, 4 or 5 equally often: the token before them differs from
 * the phrase's, so the longest match is L and the operator probes 6 - L lengths before it hits.
 *
 * @param phrases number of phrases; the table holds four entries per phrase
 * @param warmUpLookups lookups before the measured phases, which fill caches and warm the JIT
 * @param lookupsPerPhase lookups in each measured phase
 */
public record StateWorkload(int phrases, int warmUpLookups, int lookupsPerPhase)
        implements Serializable {

    /** Values per vector. */
    public static final int DIMENSION = TableWorkload.DIMENSION;

    /** Tokens per phrase: the longest f-gram, K. */
    public static final int PHRASE_LENGTH = 5;

    /** Table entries per phrase: its suffixes of length 2 .. K. */
    public static final int ENTRIES_PER_PHRASE = PHRASE_LENGTH - 1;

    /** Zipf exponent of the skewed phase. */
    public static final double ZIPF_EXPONENT = 1.0;

    /** Timed segments per measured phase; their spread gives each rate its error bar. */
    public static final int SEGMENTS = 10;

    /** Table version every entry carries. */
    public static final String TABLE_VERSION = "synthetic-v1";

    private static final long serialVersionUID = 1L;

    static final int VOCABULARY = Gpt2Tokenizer.END_OF_TEXT;
    private static final long KEY_SPACE = (long) VOCABULARY * VOCABULARY;
    // A prime that divides neither factor of V^2, so p -> (a * p + b) mod V^2 is one-to-one.
    private static final long MULTIPLIER = 1_000_003L;
    private static final long OFFSET = 0x2545F491L;
    private static final long LOOKUP_SEED = 0x5C0E_0005L;

    public StateWorkload {
        if (phrases < 1 || (long) phrases * ENTRIES_PER_PHRASE > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "A state benchmark table holds 1 to "
                            + Integer.MAX_VALUE / ENTRIES_PER_PHRASE
                            + " phrases, not "
                            + phrases
                            + ".");
        }
        if (warmUpLookups < 1 || lookupsPerPhase < 2 * SEGMENTS) {
            throw new IllegalArgumentException(
                    "A state benchmark needs at least one warm-up lookup and "
                            + 2 * SEGMENTS
                            + " lookups per phase, not "
                            + warmUpLookups
                            + " and "
                            + lookupsPerPhase
                            + ".");
        }
    }

    /** The stretches of the lookup stream, in order. */
    public enum Phase {
        /** Uniform lookups that fill the caches; not measured. */
        WARM_UP,
        /** Every phrase equally likely: the worst case for a cache. */
        UNIFORM,
        /** Phrases Zipf-distributed, like f-gram frequencies in text. */
        ZIPF,
        /** One lookup after the measured phases, so the job outlives their last answer. */
        CLOSING;

        /** Whether the benchmark reports this phase. */
        public boolean measured() {
            return this == UNIFORM || this == ZIPF;
        }

        /** The phase's name in reports and accumulator names. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Number of table entries. */
    public int entries() {
        return phrases * ENTRIES_PER_PHRASE;
    }

    /** Number of lookups over all phases. */
    public long totalLookups() {
        return phaseEnd(Phase.CLOSING);
    }

    /** Index of the first lookup of {@code phase}. */
    public long phaseStart(Phase phase) {
        return switch (phase) {
            case WARM_UP -> 0;
            case UNIFORM -> warmUpLookups;
            case ZIPF -> (long) warmUpLookups + lookupsPerPhase;
            case CLOSING -> (long) warmUpLookups + 2L * lookupsPerPhase;
        };
    }

    /** Index just past the last lookup of {@code phase}. */
    public long phaseEnd(Phase phase) {
        return phase == Phase.CLOSING
                ? phaseStart(phase) + 1
                : phaseStart(Phase.values()[phase.ordinal() + 1]);
    }

    /** The phase lookup {@code index} belongs to. */
    public Phase phaseOf(long index) {
        for (Phase phase : Phase.values()) {
            if (index < phaseEnd(phase)) {
                return phase;
            }
        }
        throw new IllegalArgumentException(
                "Lookup " + index + " is beyond the " + totalLookups() + " of this workload.");
    }

    /**
     * The lookups after whose answers a measured phase takes the time: its first one, then the last
     * one of each of its {@value #SEGMENTS} segments. Segment k's rate is then (stamp[k] - stamp[k
     * - 1]) lookups over the time between the two answers, which leaves out any pause before the
     * phase's first lookup.
     */
    public long[] stampIndices(Phase phase) {
        if (!phase.measured()) {
            throw new IllegalArgumentException("The " + phase.label() + " phase is not timed.");
        }
        long start = phaseStart(phase);
        long[] stamps = new long[SEGMENTS + 1];
        stamps[0] = start;
        for (int segment = 1; segment <= SEGMENTS; segment++) {
            stamps[segment] = start + (long) segment * lookupsPerPhase / SEGMENTS - 1;
        }
        return stamps;
    }

    /** Phrase {@code phrase}'s five tokens, oldest first. */
    public static int[] phrase(int phrase) {
        int[] tokens = new int[PHRASE_LENGTH];
        long bigram = bigramCode(phrase);
        tokens[PHRASE_LENGTH - 2] = (int) (bigram / VOCABULARY);
        tokens[PHRASE_LENGTH - 1] = (int) (bigram % VOCABULARY);
        long hash = mix(phrase);
        for (int k = 0; k < PHRASE_LENGTH - 2; k++) {
            hash = mix(hash);
            tokens[k] = (int) Math.floorMod(hash, VOCABULARY);
        }
        return tokens;
    }

    /** Table entry {@code entry}'s f-gram: a suffix of length 2 .. 5 of phrase entry / 4. */
    public static int[] entryTokens(long entry) {
        int[] phrase = phrase((int) (entry / ENTRIES_PER_PHRASE));
        int length = 2 + (int) (entry % ENTRIES_PER_PHRASE);
        return Arrays.copyOfRange(phrase, PHRASE_LENGTH - length, PHRASE_LENGTH);
    }

    /** Table entry {@code entry} as the changelog record that puts it into keyed state. */
    public static TableUpdate update(long entry) {
        short[] vector = new short[DIMENSION];
        TableWorkload.vector(entry, vector);
        return new TableUpdate(entryTokens(entry), Bf16.encode(vector), TABLE_VERSION);
    }

    /**
     * The length of the longest f-gram that ends lookup {@code index}'s context, 0 for none, as
     * {@link LookupStream} builds that context.
     */
    public static int matchLength(long index) {
        int kind = (int) Math.floorMod(lookupHash(index), PHRASE_LENGTH);
        return kind == 0 ? 0 : kind + 1;
    }

    static long lookupHash(long index) {
        return mix(LOOKUP_SEED ^ mix(index));
    }

    /** The bigram (as previous * V + last) that phrase number {@code code} ends with. */
    static long bigramCode(long code) {
        return Math.floorMod(code * MULTIPLIER + OFFSET, KEY_SPACE);
    }

    /** Bigram codes that no phrase ends with: codes of the numbers past the last phrase. */
    long missingBigramCode(long hash) {
        return bigramCode(phrases + Math.floorMod(hash, KEY_SPACE - phrases));
    }

    /** A 64-bit finaliser (splitmix64): consecutive inputs give unrelated outputs. */
    static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
