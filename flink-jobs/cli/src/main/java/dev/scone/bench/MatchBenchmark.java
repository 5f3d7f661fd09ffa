package dev.scone.bench;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.matching.LongestMatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Longest f-gram matching, tokens per second on one thread, over the {@link MatchWorkload}'s
 * held-out stream one context window at a time: the suffix-closed search, which stops at the first
 * missing length, against the search that probes every length from K down, on the same index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MatchBenchmark {

    /** The cached vocabulary file of the {@link MatchWorkload}. */
    @Param("")
    public String vocabularyFile;

    private int[] tokens;
    private final int[] lengths = new int[MatchWorkload.WINDOW];
    private LongestMatcher stopAtFirstMiss;
    private LongestMatcher tryEveryLength;
    private int nextWindow;

    @Setup
    public void load() throws IOException {
        FgramVocabulary vocabulary = FgramVocabularyFile.read(Path.of(vocabularyFile));
        if (!vocabulary.isSuffixClosed()) {
            throw new IllegalStateException(
                    "The benchmark vocabulary " + vocabularyFile + " is not suffix-closed.");
        }
        stopAtFirstMiss = LongestMatcher.of(vocabulary);
        tryEveryLength = new LongestMatcher(vocabulary.index(), vocabulary.maxN(), false);
        tokens = MatchWorkload.STANDARD.testTokens();
    }

    @Benchmark
    @OperationsPerInvocation(MatchWorkload.WINDOW)
    public int[] suffixClosed(CpuTime cpu) {
        cpu.add(MatchWorkload.WINDOW);
        return matchNextWindow(stopAtFirstMiss);
    }

    @Benchmark
    @OperationsPerInvocation(MatchWorkload.WINDOW)
    public int[] probeAll(CpuTime cpu) {
        cpu.add(MatchWorkload.WINDOW);
        return matchNextWindow(tryEveryLength);
    }

    private int[] matchNextWindow(LongestMatcher matcher) {
        int from = nextWindow * MatchWorkload.WINDOW;
        nextWindow = (nextWindow + 1) % (MatchWorkload.TEST_TOKENS / MatchWorkload.WINDOW);
        matcher.match(tokens, from, from + MatchWorkload.WINDOW, lengths);
        return lengths;
    }
}
