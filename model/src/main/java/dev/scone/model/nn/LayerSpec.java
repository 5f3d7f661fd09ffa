package dev.scone.model.nn;

/**
 * What every transformer layer of one stack shares: its width, heads, feed-forward width and
 * nonlinearity, dropout and LayerNorm epsilon. The decoder and A_F each build one from the model's
 * {@link SconeConfig}.
 */
record LayerSpec(
        int width,
        int heads,
        int ffnWidth,
        String activation,
        float layerNormEpsilon,
        float dropout) {

    /** The layers of a stack with {@code heads} heads, everything else from {@code config}. */
    static LayerSpec of(SconeConfig config, int heads) {
        return new LayerSpec(
                config.d(),
                heads,
                config.ffnHidden(),
                config.activation(),
                config.layerNormEpsilon(),
                config.dropout());
    }
}
