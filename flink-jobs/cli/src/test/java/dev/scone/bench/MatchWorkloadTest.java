package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.progress.ProgressReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchWorkloadTest {

    private static final MatchWorkload SMALL = new MatchWorkload(500, 4, 1.0, 100_000, 2);

    @Test
    void buildsASuffixClosedVocabularyOfTheRequestedSize() {
        FgramVocabulary vocabulary = SMALL.build(ProgressReporter.silent());

        assertThat(vocabulary.size()).isEqualTo(500);
        assertThat(vocabulary.isSuffixClosed()).isTrue();
        assertThat(vocabulary.maxN()).isEqualTo(4);
        assertThat(vocabulary.metadata().countAtCut()).isGreaterThanOrEqualTo(2);
        // Ranked by count: the most frequent f-gram is a bigram of frequent tokens.
        assertThat(vocabulary.length(0)).isEqualTo(2);
    }

    @Test
    void buildingIsDeterministic() {
        assertThat(SMALL.build(ProgressReporter.silent()).fingerprint())
                .isEqualTo(SMALL.build(ProgressReporter.silent()).fingerprint());
    }

    @Test
    void theCachedVocabularyIsReadBackUnchanged(@TempDir Path directory) throws Exception {
        FgramVocabulary built = SMALL.loadOrBuild(directory, ProgressReporter.silent());
        assertThat(SMALL.cacheFile(directory)).exists();
        assertThat(directory).isDirectoryNotContaining("glob:**.tmp");

        FgramVocabulary cached = SMALL.loadOrBuild(directory, ProgressReporter.silent());
        assertThat(cached.fingerprint()).isEqualTo(built.fingerprint());
        assertThat(Files.size(SMALL.cacheFile(directory))).isPositive();
    }

    @Test
    void statisticsAgreeWithTheMatcher() {
        FgramVocabulary vocabulary = SMALL.build(ProgressReporter.silent());
        int[] tokens = SMALL.testTokens();

        MatchStatistics statistics = MatchWorkload.measure(vocabulary, tokens);

        int[] lengths = new int[tokens.length];
        LongestMatcher matcher = LongestMatcher.of(vocabulary);
        for (int from = 0; from < tokens.length; from += MatchWorkload.WINDOW) {
            int[] window = new int[MatchWorkload.WINDOW];
            matcher.match(tokens, from, from + MatchWorkload.WINDOW, window);
            System.arraycopy(window, 0, lengths, from, MatchWorkload.WINDOW);
        }
        long matched = LongestMatcher.matchedPositions(lengths);
        assertThat(statistics.positions()).isEqualTo(tokens.length);
        assertThat(statistics.matchedPositions()).isEqualTo(matched);
        assertThat(statistics.hitRate()).isBetween(0.0, 1.0);
        assertThat(statistics.positionsByLength()[0]).isEqualTo(tokens.length - matched);
        assertThat(statistics.meanMatchLength()).isBetween(2.0, 4.0);
        assertThat(statistics.probeAllProbesPerToken())
                .isGreaterThan(statistics.suffixClosedProbesPerToken());
    }

    @Test
    void countsProbesOfBothSearchOrders() {
        FgramVocabulary vocabulary =
                FgramVocabulary.builder()
                        .maxN(5)
                        .add(new int[] {1, 2}, 9)
                        .add(new int[] {2, 3}, 8)
                        .add(new int[] {1, 2, 3}, 7)
                        .build();

        MatchStatistics statistics = MatchWorkload.measure(vocabulary, new int[] {1, 2, 3, 4});

        // Position 0 cannot match; 1 matches [1 2]; 2 matches [1 2 3]; 3 matches nothing.
        assertThat(statistics.positionsByLength()).containsExactly(2, 0, 1, 1, 0, 0);
        assertThat(statistics.meanMatchLength()).isCloseTo(2.5, within(1e-12));
        // Suffix-closed: position 1 probes length 2; 2 probes 2 and 3; 3 probes 2 and stops.
        assertThat(statistics.suffixClosedProbesPerToken()).isCloseTo(4 / 4.0, within(1e-12));
        // Probe-all: position 1 probes 2; 2 probes 3; 3 probes 4, 3 and 2.
        assertThat(statistics.probeAllProbesPerToken()).isCloseTo(5 / 4.0, within(1e-12));
    }
}
