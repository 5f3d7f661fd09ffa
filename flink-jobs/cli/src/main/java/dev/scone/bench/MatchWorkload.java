package dev.scone.bench;

import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramKey;
import dev.scone.model.fgram.FgramRanking;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.fgram.SuffixClosure;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The matching benchmark's data: an f-gram vocabulary built the way the paper builds one, but from
 * a synthetic corpus, and a held-out token stream to match against it.
 *
 * <p>Both streams draw GPT-2 token ids independently from one Zipf distribution (the frequency of
 * the token of rank r falls as 1/r^s, as in text). The vocabulary counts the training stream's
 * n-grams pass by pass with Apriori pruning, keeps the best S by {@link FgramRanking} and is
 * therefore closed under suffixes. Because frequent tokens make frequent n-grams, the held-out
 * stream hits the vocabulary at a rate set by the distribution, not by construction.
 *
 * <p>Building takes tens of seconds, so the vocabulary is written once to a file named after its
 * parameters and read back by later runs and by the benchmark fork.
 *
 * @param vocabularySize S, the number of f-grams kept
 * @param maxN K, the longest f-gram
 * @param exponent the Zipf exponent s
 * @param trainingTokens length of the stream the n-grams are counted in
 * @param minCount smallest count an n-gram needs to be kept, and for its extensions to be counted
 */
public record MatchWorkload(
        int vocabularySize, int maxN, double exponent, int trainingTokens, int minCount) {

    /** 1M f-grams of length 2..5 counted in 40M tokens drawn with Zipf exponent 1. */
    public static final MatchWorkload STANDARD =
            new MatchWorkload(1_000_000, 5, 1.0, 40_000_000, 2);

    /** Tokens matched per benchmark operation: one context window. */
    public static final int WINDOW = 1024;

    /** Length of the held-out stream, a whole number of windows. */
    public static final int TEST_TOKENS = 1024 * WINDOW;

    private static final long PERMUTATION_SEED = 0x5C0E_0001L;
    private static final long TRAINING_SEED = 0x5C0E_0002L;
    private static final long TEST_SEED = 0x5C0E_0003L;

    /** Token ids that can be drawn: every GPT-2 id except the end-of-text marker. */
    private static final int TOKEN_IDS = Gpt2Tokenizer.VOCABULARY_SIZE - 1;

    public MatchWorkload {
        if (vocabularySize < 1 || maxN < CountedFgram.MIN_LENGTH || maxN > FgramKey.MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "A match workload needs at least one f-gram and K in 2.."
                            + FgramKey.MAX_LENGTH
                            + ", not S="
                            + vocabularySize
                            + ", K="
                            + maxN
                            + ".");
        }
        if (trainingTokens < maxN || minCount < 1) {
            throw new IllegalArgumentException(
                    "The training stream needs at least K tokens and a minimum count of at least 1,"
                            + " not "
                            + trainingTokens
                            + " tokens and count "
                            + minCount
                            + ".");
        }
    }

    /** The file this workload's vocabulary is cached in, under {@code directory}. */
    public Path cacheFile(Path directory) {
        return directory.resolve(
                String.format(
                        Locale.ROOT,
                        "match-vocabulary-S%d-K%d-zipf%.2f-T%d-min%d.avro",
                        vocabularySize,
                        maxN,
                        exponent,
                        trainingTokens,
                        minCount));
    }

    /** The cached vocabulary in {@code directory}, built and cached first when absent. */
    public FgramVocabulary loadOrBuild(Path directory, ProgressReporter progress)
            throws IOException {
        Path file = cacheFile(directory);
        if (Files.exists(file)) {
            return FgramVocabularyFile.read(file);
        }
        FgramVocabulary vocabulary = build(progress);
        Files.createDirectories(directory);
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        FgramVocabularyFile.write(partial, vocabulary);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        return vocabulary;
    }

    /**
     * Counts the training stream and keeps the best S f-grams.
     *
     * @throws IllegalStateException when fewer than S n-grams reach the minimum count
     */
    public FgramVocabulary build(ProgressReporter progress) {
        int[] tokens = stream(TRAINING_SEED, trainingTokens, progress);
        List<CountedFgram> frequent = new ArrayList<>();
        PackedGramCounter previous = null;
        for (int n = CountedFgram.MIN_LENGTH; n <= maxN; n++) {
            PackedGramCounter counts = countPass(tokens, n, previous, progress);
            counts.forEach(
                    (lo, hi, count) -> {
                        if (count >= minCount) {
                            frequent.add(new CountedFgram(FgramKey.unpack(lo, hi), count));
                        }
                    });
            previous = counts;
            if (counts.size() == 0) {
                break;
            }
        }
        if (frequent.size() < vocabularySize) {
            throw new IllegalStateException(
                    "Only "
                            + frequent.size()
                            + " n-grams of the synthetic stream reach count "
                            + minCount
                            + ", fewer than the "
                            + vocabularySize
                            + " asked for; lengthen the training stream.");
        }
        List<CountedFgram> kept = new ArrayList<>(FgramRanking.selectTop(frequent, vocabularySize));
        SuffixClosure.enforce(kept);
        return FgramVocabulary.builder()
                .maxN(maxN)
                .minCount(minCount)
                .requestedSize(vocabularySize)
                .corpus(trainingTokens, 1)
                .addAll(kept)
                .build();
    }

    /** The held-out stream the benchmark matches, {@link #TEST_TOKENS} long. */
    public int[] testTokens() {
        return stream(TEST_SEED, TEST_TOKENS, ProgressReporter.silent());
    }

    /**
     * What matching {@code tokens} window by window finds, and how many index probes each search
     * strategy spends on it.
     */
    public static MatchStatistics measure(FgramVocabulary vocabulary, int[] tokens) {
        LongestMatcher matcher = LongestMatcher.of(vocabulary);
        int k = vocabulary.maxN();
        int[] lengths = new int[WINDOW];
        long matched = 0;
        long matchedLengthSum = 0;
        long closedProbes = 0;
        long probeAllProbes = 0;
        long[] byLength = new long[k + 1];
        for (int from = 0; from < tokens.length; from += WINDOW) {
            int to = Math.min(tokens.length, from + WINDOW);
            matcher.match(tokens, from, to, lengths);
            for (int position = 0; position < to - from; position++) {
                int length = lengths[position];
                int longestPossible = Math.min(k, position + 1);
                byLength[length]++;
                if (longestPossible < CountedFgram.MIN_LENGTH) {
                    continue;
                }
                if (length == 0) {
                    closedProbes += 1;
                    probeAllProbes += longestPossible - 1;
                } else {
                    matched++;
                    matchedLengthSum += length;
                    closedProbes += length < longestPossible ? length : length - 1;
                    probeAllProbes += longestPossible - length + 1;
                }
            }
        }
        return new MatchStatistics(
                tokens.length,
                matched,
                matched == 0 ? 0 : (double) matchedLengthSum / matched,
                (double) closedProbes / tokens.length,
                (double) probeAllProbes / tokens.length,
                byLength);
    }

    private PackedGramCounter countPass(
            int[] tokens, int n, PackedGramCounter shorter, ProgressReporter progress) {
        PackedGramCounter counts =
                new PackedGramCounter(shorter == null ? tokens.length / 4 : shorter.size());
        int last = tokens.length - n;
        try (Progress shown = progress.start("Counting " + n + "-grams", last + 1L, "tokens")) {
            for (int i = 0; i <= last; i++) {
                // Apriori: an n-gram can only be frequent if both of its (n-1)-grams are.
                if (shorter == null
                        || (shorter.count(tokens, i, n - 1) >= minCount
                                && shorter.count(tokens, i + 1, n - 1) >= minCount)) {
                    counts.increment(tokens, i, n);
                }
                if ((i & 0xFFFF) == 0xFFFF) {
                    shown.step(0x10000);
                }
            }
        }
        return counts;
    }

    private int[] stream(long seed, int length, ProgressReporter progress) {
        int[] tokenOfRank = tokenOfRank();
        ZipfSampler sampler = new ZipfSampler(TOKEN_IDS, exponent);
        SplittableRandom random = new SplittableRandom(seed);
        int[] tokens = new int[length];
        try (Progress shown = progress.start("Drawing Zipf tokens", length, "tokens")) {
            for (int i = 0; i < length; i++) {
                tokens[i] = tokenOfRank[sampler.sample(random)];
                if ((i & 0xFFFF) == 0xFFFF) {
                    shown.step(0x10000);
                }
            }
        }
        return tokens;
    }

    /** A fixed shuffle of the token ids, so that frequent tokens are not just the small ids. */
    private static int[] tokenOfRank() {
        int[] ids = new int[TOKEN_IDS];
        for (int id = 0; id < TOKEN_IDS; id++) {
            ids[id] = id;
        }
        SplittableRandom random = new SplittableRandom(PERMUTATION_SEED);
        for (int i = TOKEN_IDS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = ids[i];
            ids[i] = ids[j];
            ids[j] = swap;
        }
        return ids;
    }
}
