package dev.scone.model.nn;

/**
 * Which weights a training run leaves as they are. The paper trains everything jointly from scratch
 * ({@link #NONE}); a run that adds f-grams to a pretrained decoder can instead train A_F alone
 * ({@link #DECODER}), so every position without an f-gram is predicted exactly as before.
 */
public enum Freeze {
    /** Every weight learns: T, A_F, the decoder and the output projection. */
    NONE,
    /**
     * Only A_F learns; T, the positions, every decoder layer, the final LayerNorm and the output
     * projection stay as loaded.
     */
    DECODER;

    /** Whether the weight called {@code name} (as in {@code model.safetensors}) learns. */
    public boolean trains(String name) {
        return this == NONE || name.startsWith(SconeModelIO.FGRAM_PREFIX);
    }
}
