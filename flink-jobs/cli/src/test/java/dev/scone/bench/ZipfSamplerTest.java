package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfSamplerTest {

    @Test
    void probabilitiesFollowThePowerLawAndSumToOne() {
        ZipfSampler sampler = new ZipfSampler(1000, 1.2);
        double sum = 0;
        for (int rank = 0; rank < sampler.ranks(); rank++) {
            sum += sampler.probability(rank);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));
        assertThat(sampler.probability(0) / sampler.probability(1))
                .isCloseTo(Math.pow(2, 1.2), within(1e-9));
        assertThat(sampler.probability(9) / sampler.probability(99))
                .isCloseTo(Math.pow(10, 1.2), within(1e-9));
    }

    @Test
    void drawnFrequenciesMatchTheProbabilities() {
        ZipfSampler sampler = new ZipfSampler(50, 1.0);
        int draws = 200_000;
        int[] counts = new int[sampler.ranks()];
        for (int rank : sampler.sample(new SplittableRandom(7), draws)) {
            counts[rank]++;
        }
        for (int rank : new int[] {0, 1, 4, 49}) {
            double expected = sampler.probability(rank) * draws;
            // Five standard deviations of a binomial count.
            double tolerance = 5 * Math.sqrt(expected * (1 - sampler.probability(rank)));
            assertThat((double) counts[rank]).isCloseTo(expected, within(tolerance));
        }
    }

    @Test
    void theSameSeedDrawsTheSameRanks() {
        ZipfSampler sampler = new ZipfSampler(10_000, 1.0);
        assertThat(sampler.sample(new SplittableRandom(42), 1000))
                .containsExactly(sampler.sample(new SplittableRandom(42), 1000));
    }

    @Test
    void everyDrawIsARank() {
        ZipfSampler sampler = new ZipfSampler(3, 0.5);
        assertThat(sampler.sample(new SplittableRandom(1), 10_000))
                .containsOnly(0, 1, 2)
                .contains(0, 1, 2);
    }

    @Test
    void rejectsImpossibleDistributions() {
        assertThatThrownBy(() -> new ZipfSampler(0, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one rank");
        assertThatThrownBy(() -> new ZipfSampler(10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> new ZipfSampler(10, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
