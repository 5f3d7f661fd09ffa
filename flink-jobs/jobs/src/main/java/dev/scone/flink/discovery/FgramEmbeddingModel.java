package dev.scone.flink.discovery;

/** What the embedder needs of a model: A_F's embeddings of a batch of f-grams. */
public interface FgramEmbeddingModel extends AutoCloseable {

    /**
     * A_F's embeddings of {@code fgrams}, one vector of the model's dimension per f-gram.
     *
     * @param fgrams 2..K token ids each
     */
    float[][] embed(int[][] fgrams);

    @Override
    void close();
}
