package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {

    private static final float[] LOGITS = {0.5f, 3.0f, -1.0f, 2.9f, 3.0f, 0.0f};

    @Test
    void greedyTakesTheLowestIdAmongTheLargestLogits() {
        TokenSampler sampler = new TokenSampler(GenerationParams.greedy(1));
        assertThat(sampler.next(LOGITS)).isEqualTo(1);
    }

    @Test
    void topKDrawsOnlyAmongTheKMostLikely() {
        TokenSampler sampler = new TokenSampler(GenerationParams.sampling(1, 5f, 3, 1L));
        Map<Integer, Integer> counts = new HashMap<>();
        for (int draw = 0; draw < 600; draw++) {
            counts.merge(sampler.next(LOGITS), 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder(1, 3, 4);
    }

    @Test
    void drawsFollowTheSoftmaxAndRepeatForASeed() {
        GenerationParams params = GenerationParams.sampling(1, 1f, 0, 7L);
        TokenSampler first = new TokenSampler(params);
        TokenSampler second = new TokenSampler(params);
        float[] logits = {0f, (float) Math.log(3)};
        int ones = 0;
        int draws = 4000;
        for (int draw = 0; draw < draws; draw++) {
            int token = first.next(logits);
            assertThat(second.next(logits)).isEqualTo(token);
            ones += token;
        }
        // p(1) = 3/4; five standard deviations of a binomial over 4000 draws is about 0.034.
        assertThat(ones / (double) draws).isBetween(0.75 - 0.034, 0.75 + 0.034);
    }
}
