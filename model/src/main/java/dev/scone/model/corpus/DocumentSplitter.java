package dev.scone.model.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Divides one corpus's documents, whole, into train, validation and test. The ids are sorted, then
 * shuffled with {@code new Random(seed)}; the first {@code max(1, round(0.1 n))} go to test, the
 * next as many to validation, the rest to train. A corpus of fewer than three documents goes to
 * train whole, since it cannot give every split one. Each split keeps the shuffled order.
 */
public final class DocumentSplitter {

    public static final double VALIDATION_RATIO = 0.1;
    public static final double TEST_RATIO = 0.1;

    private static final int SMALLEST_SPLITTABLE = 3;

    private DocumentSplitter() {}

    /** The ids of each split; the same ids and seed always give the same result. */
    public static Map<Split, List<String>> split(Collection<String> documentIds, long seed) {
        List<String> shuffled = new ArrayList<>(documentIds);
        if (shuffled.stream().distinct().count() != shuffled.size()) {
            throw new IllegalArgumentException("Document ids must be unique within a corpus.");
        }
        Collections.sort(shuffled);
        Collections.shuffle(shuffled, new Random(seed));
        int total = shuffled.size();
        int test = total < SMALLEST_SPLITTABLE ? 0 : share(TEST_RATIO, total);
        int validation = total < SMALLEST_SPLITTABLE ? 0 : share(VALIDATION_RATIO, total);
        Map<Split, List<String>> splits = new EnumMap<>(Split.class);
        splits.put(Split.TEST, List.copyOf(shuffled.subList(0, test)));
        splits.put(Split.VALIDATION, List.copyOf(shuffled.subList(test, test + validation)));
        splits.put(Split.TRAIN, List.copyOf(shuffled.subList(test + validation, total)));
        return splits;
    }

    private static int share(double ratio, int total) {
        return (int) Math.max(1, Math.round(ratio * total));
    }
}
