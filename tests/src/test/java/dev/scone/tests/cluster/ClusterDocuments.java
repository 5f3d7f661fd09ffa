package dev.scone.tests.cluster;

import dev.scone.schemas.Document;
import dev.scone.schemas.Task;
import dev.scone.tests.fixtures.TinySconeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic streams of test documents: texts stitched from the test vocabulary's phrases and
 * filler words (so most positions find f-grams and some documents span two context windows), a mix
 * of SCORE and seeded GENERATE requests.
 */
final class ClusterDocuments {

    /** The model the cluster serves; its phrases are sprinkled into the documents. */
    static final TinySconeModel MODEL =
            new TinySconeModel(
                    "cluster-test-1",
                    24,
                    23L,
                    List.of(
                            " of the United States",
                            " in the morning and",
                            " the jury said it",
                            " a dark and stormy night",
                            " for the first time",
                            " at the end of the day"));

    private static final List<String> FILLERS =
            List.of(
                    "Yes,",
                    "and then",
                    "people",
                    "said",
                    "it was",
                    "we saw",
                    "a long",
                    "time",
                    "because",
                    "naïve café",
                    "after",
                    "everyone");

    /** Every {@code GENERATE_EVERY}-th document asks for a continuation. */
    static final int GENERATE_EVERY = 5;

    private ClusterDocuments() {}

    /**
     * {@code count} documents with ids {@code prefix-0 .. prefix-(count-1)}; the same arguments
     * always give the same documents.
     */
    static List<Document> mixed(String prefix, int count, long seed) {
        Random random = new Random(seed);
        List<Document> documents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            if (i % GENERATE_EVERY == GENERATE_EVERY - 1) {
                documents.add(
                        Document.newBuilder()
                                .setId(id)
                                .setText(text(random, 1 + random.nextInt(2)))
                                .setTask(Task.GENERATE)
                                .setMaxNewTokens(4)
                                .setTemperature(0.7f)
                                .setTopK(20)
                                .setSeed(random.nextLong())
                                .build());
            } else {
                documents.add(
                        Document.newBuilder()
                                .setId(id)
                                .setText(text(random, 2 + random.nextInt(6)))
                                .setTask(Task.SCORE)
                                .build());
            }
        }
        return documents;
    }

    private static String text(Random random, int parts) {
        StringBuilder text = new StringBuilder();
        for (int part = 0; part < parts; part++) {
            String piece =
                    random.nextBoolean()
                            ? MODEL.phrases().get(random.nextInt(MODEL.phrases().size())).strip()
                            : FILLERS.get(random.nextInt(FILLERS.size()));
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(piece);
        }
        return text.append('.').toString();
    }
}
