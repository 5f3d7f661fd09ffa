package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorTest extends TinyModelTest {

    /** Greedy decoding that reruns the whole sequence for every new token, without a cache. */
    private static int[] greedyByRecomputing(int[] prompt, int newTokens, FgramLookup lookup) {
        int vocab = model.config().vocabSize();
        int[] history = Arrays.copyOf(prompt, prompt.length);
        for (int n = 0; n < newTokens; n++) {
            float[] logits;
            try (InferenceMode ignored = InferenceMode.enter();
                    NDManager manager = model.newManager()) {
                logits =
                        model.logits(
                                        model.inputEmbeddings(
                                                manager,
                                                List.of(SequenceInput.lookup(history, lookup))),
                                        false)
                                .toFloatArray();
            }
            float[] last =
                    Arrays.copyOfRange(
                            logits, (history.length - 1) * vocab, history.length * vocab);
            history = Arrays.copyOf(history, history.length + 1);
            history[history.length - 1] = TokenSampler.argmax(last);
        }
        return Arrays.copyOfRange(history, prompt.length, history.length);
    }

    @Test
    void cachedGreedyGenerationEqualsRecomputingThePrefix() {
        int[] prompt = {2, 4, 7, 6, 8};
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, true);
        int[] cached;
        try (Generator generator = new Generator(model, lookup)) {
            cached = generator.generate(prompt, GenerationParams.greedy(10));
        }
        assertThat(cached).hasSize(10);
        assertThat(cached).containsExactly(greedyByRecomputing(prompt, 10, lookup));
        try (Generator generator = new Generator(model, lookup)) {
            assertThat(generator.generateByRecomputing(prompt, GenerationParams.greedy(10)))
                    .containsExactly(cached);
        }
    }

    @Test
    void everyGeneratedTokenGetsItsOwnLookup() {
        int[] prompt = {2, 4, 7};
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
        int[] produced;
        try (Generator generator = new Generator(model, lookup)) {
            produced = generator.generate(prompt, GenerationParams.greedy(6));
        }
        int[] whole = Arrays.copyOf(prompt, prompt.length + produced.length);
        System.arraycopy(produced, 0, whole, prompt.length, produced.length);
        // Scoring the finished sequence looks every position up afresh; generation must have fed
        // the same inputs, so each produced token is the argmax of the scored distribution.
        int vocab = model.config().vocabSize();
        float[] logits = TinyModels.logitsOf(model, List.of(SequenceInput.lookup(whole, lookup)));
        for (int n = 0; n < produced.length; n++) {
            int row = prompt.length - 1 + n;
            float[] distribution = Arrays.copyOfRange(logits, row * vocab, (row + 1) * vocab);
            assertThat(TokenSampler.argmax(distribution)).isEqualTo(produced[n]);
        }
    }

    private static int arraysHeldByModel() {
        try (NDManager step = model.newManager()) {
            return step.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void generationAndScoringLeaveNoArraysBehind() {
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
        int[] prompt = {2, 4, 6, 8};
        try (Generator generator = new Generator(model, lookup);
                Scorer scorer = new Scorer(model)) {
            generator.generate(prompt, GenerationParams.greedy(2));
            scorer.score(new int[][] {prompt}, lookup);
            int before = arraysHeldByModel();
            generator.generate(prompt, GenerationParams.sampling(4, 1f, 10, 3L));
            generator.generate(prompt, GenerationParams.greedy(2 * TinyModels.CONTEXT));
            scorer.score(new int[][] {prompt, {1, 2, 3}}, lookup);
            assertThat(arraysHeldByModel()).isEqualTo(before);
        }
    }

    @Test
    void samplingIsDeterministicForASeed() {
        int[] prompt = {10, 11, 12};
        try (Generator generator = new Generator(model, null)) {
            int[] first = generator.generate(prompt, GenerationParams.sampling(8, 1.0f, 50, 99L));
            int[] second = generator.generate(prompt, GenerationParams.sampling(8, 1.0f, 50, 99L));
            assertThat(second).containsExactly(first);
            Set<String> outcomes = new HashSet<>();
            for (long seed = 0; seed < 4; seed++) {
                outcomes.add(
                        Arrays.toString(
                                generator.generate(
                                        prompt, GenerationParams.sampling(8, 1.0f, 50, seed))));
            }
            assertThat(outcomes).hasSizeGreaterThan(1);
        }
    }

    @Test
    void stopsAtTheStopTokenAndNotAtTheContext() {
        int[] prompt = new int[TinyModels.CONTEXT - 3];
        Arrays.fill(prompt, 1);
        try (Generator generator = new Generator(model, null)) {
            int[] pastContext = generator.generate(prompt, GenerationParams.greedy(10));
            assertThat(pastContext).hasSize(10);
            int stop = pastContext[0];
            int[] untilStop = generator.generate(prompt, new GenerationParams(10, 0f, 0, 0L, stop));
            assertThat(untilStop).containsExactly(stop);
            assertThat(
                            generator.generate(
                                    new int[TinyModels.CONTEXT + 1], GenerationParams.greedy(1)))
                    .hasSize(1);
            assertThatThrownBy(() -> generator.generate(new int[0], GenerationParams.greedy(1)))
                    .hasMessageContaining("at least one token");
        }
    }

    /**
     * The tokens inputs of {@code history[from, to)}, each position looked up over the whole
     * history, so a match reaches back before {@code from} as it does in generation.
     */
    private static SequenceInput windowInputs(int[] history, int from, int to, FgramLookup lookup) {
        int count = to - from;
        int[] lengths = new int[count];
        float[][] vectors = new float[count][];
        for (int i = from; lookup != null && i < to; i++) {
            float[] vector = new float[lookup.dimension()];
            int length = lookup.longestMatch(history, i, vector);
            if (length > 0) {
                lengths[i - from] = length;
                vectors[i - from] = vector;
            }
        }
        return new SequenceInput(Arrays.copyOfRange(history, from, to), lengths, vectors);
    }

    /**
     * Greedy decoding recomputed from scratch at every step on the window {@code [start, length)},
     * where {@code start} is {@code firstStart} until the window passes the context and then jumps
     * to {@code length - keep}: written here, not taken from {@link GenerationWindow}.
     */
    private static int[] greedyOnWindows(
            int[] prompt, int firstStart, int keep, int newTokens, FgramLookup lookup) {
        int context = model.config().contextLength();
        int vocab = model.config().vocabSize();
        int[] history = Arrays.copyOf(prompt, prompt.length + newTokens);
        int start = firstStart;
        for (int length = prompt.length; length < history.length; length++) {
            if (length - start > context) {
                start = length - keep;
            }
            float[] logits =
                    TinyModels.logitsOf(
                            model, List.of(windowInputs(history, start, length, lookup)));
            int last = length - start - 1;
            history[length] =
                    TokenSampler.argmax(
                            Arrays.copyOfRange(logits, last * vocab, (last + 1) * vocab));
        }
        return Arrays.copyOfRange(history, prompt.length, history.length);
    }

    @Test
    void aPromptLongerThanTheContextIsReadFromItsMostRecentTokens() {
        int[] prompt = TinyModels.randomTokens(new Random(5), 50, 16);
        int newTokens = 8;
        int dropped = 50 - (TinyModels.CONTEXT - newTokens);
        try (Generator generator = new Generator(model, null)) {
            assertThat(generator.window().promptTokensDropped(prompt.length, newTokens))
                    .isEqualTo(dropped);
            int[] produced = generator.generate(prompt, GenerationParams.greedy(newTokens));
            // Without f-grams the dropped tokens leave no trace: the same as the kept tail alone.
            int[] tail = Arrays.copyOfRange(prompt, dropped, prompt.length);
            assertThat(produced)
                    .hasSize(newTokens)
                    .containsExactly(generator.generate(tail, GenerationParams.greedy(newTokens)));
        }
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
        try (Generator generator = new Generator(model, lookup)) {
            assertThat(generator.generate(prompt, GenerationParams.greedy(newTokens)))
                    .containsExactly(greedyOnWindows(prompt, dropped, 1, newTokens, lookup));
        }
    }

    @Test
    void tokensMoreThanKMinusOneBeforeTheWindowChangeNothing() {
        // What lets the streaming service cut a long prompt before matching it.
        int[] prompt = TinyModels.randomTokens(new Random(21), 90, 12);
        int newTokens = 40;
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
        try (Generator generator = new Generator(model, lookup)) {
            int dropped = generator.window().promptTokensDropped(prompt.length, newTokens);
            int cut = dropped - (model.config().maxFgramLength() - 1);
            assertThat(cut).isPositive();
            int[] tail = Arrays.copyOfRange(prompt, cut, prompt.length);
            assertThat(generator.window().promptTokensDropped(tail.length, newTokens))
                    .isEqualTo(dropped - cut);
            assertThat(generator.generate(tail, GenerationParams.greedy(newTokens)))
                    .containsExactly(
                            generator.generate(prompt, GenerationParams.greedy(newTokens)));
        }
    }

    @Test
    void slidingByOneTokenEqualsRecomputingTheLastContextTokensAtEveryStep() {
        int context = TinyModels.CONTEXT;
        int[] prompt = TinyModels.randomTokens(new Random(9), 20, 16);
        int newTokens = 2 * context + 5;
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
        // A request for more new tokens than half the context keeps half the context of prompt.
        int dropped = prompt.length - context / 2;
        int[] produced;
        try (Generator generator =
                new Generator(model, lookup, new GenerationWindow(context, context))) {
            produced = generator.generate(prompt, GenerationParams.greedy(newTokens));
        }
        assertThat(produced).hasSize(newTokens);
        assertThat(produced)
                .containsExactly(greedyOnWindows(prompt, dropped, context, newTokens, lookup));
    }

    @Test
    void theDefaultWindowSlidesInJumpsAndMatchesRecomputingEachWindow() {
        int context = TinyModels.CONTEXT;
        int[] prompt = TinyModels.randomTokens(new Random(13), 40, 16);
        int newTokens = 3 * context;
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, true);
        int dropped = prompt.length - context / 2;
        int keep = context - context / 4;
        try (Generator generator = new Generator(model, lookup)) {
            int[] produced = generator.generate(prompt, GenerationParams.greedy(newTokens));
            assertThat(produced).hasSize(newTokens);
            assertThat(produced)
                    .containsExactly(greedyOnWindows(prompt, dropped, keep, newTokens, lookup));
            assertThat(generator.generateByRecomputing(prompt, GenerationParams.greedy(newTokens)))
                    .containsExactly(produced);
            GenerationParams sampling = GenerationParams.sampling(newTokens, 1f, 20, 4L);
            assertThat(generator.generateByRecomputing(prompt, sampling))
                    .containsExactly(generator.generate(prompt, sampling));
        }
    }
}
