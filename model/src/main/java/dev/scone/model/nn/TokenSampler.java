package dev.scone.model.nn;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Picks the next token from a row of logits: argmax for greedy decoding, otherwise a draw from the
 * temperature-scaled softmax restricted to the top k. Runs on the host in double precision with its
 * own seeded generator, so a seed gives the same tokens on any device.
 */
final class TokenSampler {

    private final GenerationParams params;
    private final SplittableRandom random;

    TokenSampler(GenerationParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    int next(float[] logits) {
        if (params.isGreedy()) {
            return argmax(logits);
        }
        int[] candidates = candidates(logits);
        double max = Double.NEGATIVE_INFINITY;
        for (int candidate : candidates) {
            max = Math.max(max, logits[candidate]);
        }
        double[] weights = new double[candidates.length];
        double total = 0;
        for (int c = 0; c < candidates.length; c++) {
            weights[c] = Math.exp((logits[candidates[c]] - max) / params.temperature());
            total += weights[c];
        }
        double draw = random.nextDouble() * total;
        for (int c = 0; c < candidates.length; c++) {
            draw -= weights[c];
            if (draw < 0) {
                return candidates[c];
            }
        }
        return candidates[candidates.length - 1];
    }

    /** Lowest id among the largest logits, so ties resolve the same way everywhere. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The ids allowed to be drawn, in ascending id order: all, or the top k by logit. */
    private int[] candidates(float[] logits) {
        int k = params.topK();
        if (k == 0 || k >= logits.length) {
            int[] all = new int[logits.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        // Min-heap of the best k seen so far; on equal logits the higher id is the worse one.
        PriorityQueue<Integer> best =
                new PriorityQueue<>(
                        k + 1,
                        (a, b) -> {
                            int byLogit = Float.compare(logits[a], logits[b]);
                            return byLogit != 0 ? byLogit : Integer.compare(b, a);
                        });
        for (int i = 0; i < logits.length; i++) {
            if (best.size() < k) {
                best.add(i);
            } else if (logits[i] > logits[best.peek()]) {
                best.poll();
                best.add(i);
            }
        }
        return best.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
