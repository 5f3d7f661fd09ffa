package dev.scone.flink.discovery;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.nn.SconeModelIO;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The keys of the model's own f-gram vocabulary, loaded where the table keeper runs: those f-grams
 * are never published by discovery and never expired, whatever the changelog says.
 */
public interface VocabularyKeys extends Serializable {

    Set<Tuple2<Long, Long>> load() throws IOException;

    /** The vocabulary file of a model directory. */
    static VocabularyKeys ofModel(String modelDir) {
        return () -> {
            FgramVocabulary vocabulary =
                    FgramVocabularyFile.read(
                            Path.of(modelDir).resolve(SconeModelIO.VOCABULARY_FILE));
            Set<Tuple2<Long, Long>> keys = new HashSet<>();
            for (int row = 0; row < vocabulary.size(); row++) {
                keys.add(NgramKey.of(vocabulary.gram(row)));
            }
            return keys;
        };
    }

    /** No vocabulary, for tests. */
    static VocabularyKeys none() {
        return HashSet::new;
    }
}
