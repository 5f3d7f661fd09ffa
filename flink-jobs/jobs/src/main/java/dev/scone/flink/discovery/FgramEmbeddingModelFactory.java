package dev.scone.flink.discovery;

import java.io.Serializable;

/**
 * Opens the embedding model on the TaskManager, once per embedder subtask in {@code open()}; tests
 * pass a fake, production {@link AfEmbeddingModels}.
 */
public interface FgramEmbeddingModelFactory extends Serializable {

    FgramEmbeddingModel open() throws Exception;
}
