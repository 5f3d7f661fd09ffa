package dev.scone.model.training;

import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.fgram.CountedFgram;
import dev.scone.model.fgram.FgramRanking;
import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.fgram.SuffixClosure;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small synthetic corpus for fast training tests: documents strung together from a dozen fixed
 * phrases, so n-grams repeat (f-grams exist and a model can learn them in a few steps), written
 * only with words whose GPT-2 token id is below {@link #VOCAB_SIZE} so a model with a small output
 * layer can read it. Also counts f-gram vocabularies in memory, standing in for the Flink job.
 */
public final class TinyCorpus {

    /** Token vocabulary of the tiny models. */
    public static final int VOCAB_SIZE = 1024;

    private static final int PHRASES = 12;

    private TinyCorpus() {}

    /** A model shape small enough for two CPU cores: width 32, one layer, context 16. */
    public static SconeConfig config(int fgramLayers) {
        return new SconeConfig(VOCAB_SIZE, 32, 1, 2, 16, 5, fgramLayers, 2, 2, 0f, 7L);
    }

    /** Words that GPT-2 encodes as one token below {@link #VOCAB_SIZE}, with a leading space. */
    static List<String> words() {
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        List<String> words = new ArrayList<>();
        for (int id = 0; id < VOCAB_SIZE; id++) {
            String text = tokenizer.decode(new int[] {id});
            if (text.matches(" [a-z]{2,}")
                    && Arrays.equals(tokenizer.encode(text), new int[] {id})) {
                words.add(text);
            }
        }
        return words;
    }

    /** {@code count} documents of four to eight phrases each. */
    public static List<String> documents(int count, long seed) {
        List<String> words = words();
        List<String> phrases = new ArrayList<>();
        for (int p = 0; p < PHRASES; p++) {
            StringBuilder phrase = new StringBuilder();
            int length = 3 + p % 3;
            for (int k = 0; k < length; k++) {
                phrase.append(words.get((p * 7 + k * 3) % Math.min(words.size(), 60)));
            }
            phrases.add(phrase.toString());
        }
        Random random = new Random(seed);
        List<String> documents = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            StringBuilder document = new StringBuilder();
            int length = 4 + random.nextInt(5);
            for (int p = 0; p < length; p++) {
                document.append(phrases.get(random.nextInt(PHRASES)));
            }
            documents.add(document.toString());
        }
        return documents;
    }

    /** Writes {@link #documents} to a corpus file. */
    public static Path write(Path file, int count, long seed) throws IOException {
        CorpusDocuments.write(file, documents(count, seed));
        return file;
    }

    /**
     * Counts every n-gram (2..maxN) of the corpus exactly and keeps those seen at least {@code
     * minCount} times, best {@code size} first (0 keeps all), recording the corpus size as the
     * Flink job does.
     */
    public static FgramVocabulary vocabulary(List<Path> corpus, int maxN, long minCount, long size)
            throws IOException {
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        Map<List<Integer>, Long> counts = new HashMap<>();
        long[] totals = new long[2];
        for (Path input : corpus) {
            CorpusDocuments.forEach(
                    input,
                    text -> {
                        int[] ids = tokenizer.encode(text);
                        totals[0] += ids.length;
                        totals[1]++;
                        for (int n = 2; n <= maxN; n++) {
                            for (int from = 0; from + n <= ids.length; from++) {
                                List<Integer> gram = new ArrayList<>(n);
                                for (int k = 0; k < n; k++) {
                                    gram.add(ids[from + k]);
                                }
                                counts.merge(gram, 1L, Long::sum);
                            }
                        }
                    });
        }
        List<CountedFgram> kept = new ArrayList<>();
        counts.forEach(
                (gram, count) -> {
                    if (count >= minCount) {
                        kept.add(
                                new CountedFgram(
                                        gram.stream().mapToInt(Integer::intValue).toArray(),
                                        count));
                    }
                });
        List<CountedFgram> top =
                new ArrayList<>(size == 0 ? kept : FgramRanking.selectTop(kept, (int) size));
        SuffixClosure.enforce(top);
        return FgramVocabulary.builder()
                .maxN(maxN)
                .minCount(minCount)
                .requestedSize(size)
                .corpus(totals[0], totals[1])
                .addAll(top)
                .build();
    }

    /** A vocabulary builder that counts in memory and writes the file. */
    public static VocabularyBuilder builder() {
        return (corpus, out, maxN, minCount, size) ->
                FgramVocabularyFile.write(out, vocabulary(corpus, maxN, minCount, size));
    }
}
