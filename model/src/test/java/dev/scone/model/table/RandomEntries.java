package dev.scone.model.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Seeded random f-grams and bf16 vectors for table tests. */
final class RandomEntries {

    static final int VOCABULARY = 50_257;

    private final Random random;

    RandomEntries(long seed) {
        this.random = new Random(seed);
    }

    /** An f-gram of 2..5 ids from a GPT-2-sized vocabulary. */
    int[] gram() {
        int[] gram = new int[2 + random.nextInt(4)];
        for (int k = 0; k < gram.length; k++) {
            gram[k] = random.nextInt(VOCABULARY);
        }
        return gram;
    }

    /** {@code count} distinct f-grams. */
    List<int[]> distinctGrams(int count) {
        Set<List<Integer>> seen = new HashSet<>();
        List<int[]> grams = new ArrayList<>(count);
        while (grams.size() < count) {
            int[] gram = gram();
            if (seen.add(asList(gram))) {
                grams.add(gram);
            }
        }
        return grams;
    }

    /** A float vector of roughly unit-scale gaussian values. */
    float[] floats(int dimension) {
        float[] vector = new float[dimension];
        for (int k = 0; k < dimension; k++) {
            vector[k] = (float) random.nextGaussian();
        }
        return vector;
    }

    /** A bf16 vector of roughly unit-scale gaussian values. */
    short[] bf16(int dimension) {
        return Bf16.toBf16(floats(dimension));
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    static List<Integer> asList(int[] gram) {
        List<Integer> list = new ArrayList<>(gram.length);
        for (int token : gram) {
            list.add(token);
        }
        return list;
    }
}
