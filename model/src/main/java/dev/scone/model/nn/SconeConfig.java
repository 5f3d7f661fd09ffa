package dev.scone.model.nn;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scone.model.fgram.FgramKey;
import dev.scone.model.files.JsonFiles;

/**
 * Shape of a SCONE model: the main decoder, the token vocabulary it reads and predicts, and the
 * f-gram model A_F that embeds f-grams during training. Serialised as JSON inside the model card.
 *
 * @param vocabSize token vocabulary size (50257 for the GPT-2 tokenizer)
 * @param d model width, shared by the decoder, the token embedding T and A_F
 * @param layers decoder layers
 * @param heads decoder attention heads; must divide {@code d}
 * @param contextLength longest input sequence C the decoder accepts
 * @param maxFgramLength longest f-gram K (5 in the paper); also A_F's number of positions
 * @param fgramLayers layers of A_F; 0 makes a baseline model with no f-gram embeddings
 * @param fgramHeads attention heads of A_F; must divide {@code d} when A_F exists
 * @param mlpRatio width of each feed-forward hidden layer as a multiple of {@code d}
 * @param dropout dropout probability used while training, 0 to disable
 * @param seed seed for weight initialisation
 * @param activation the feed-forward nonlinearity: {@code gelu} (exact, through the error function;
 *     the default) or {@code gelu_new} (GPT-2's tanh approximation); absent means {@code gelu}
 * @param layerNormEpsilon the variance guard of every LayerNorm; absent (0) means 1e-5
 * @param ffnWidth width of each feed-forward hidden layer (GPT-2's {@code n_inner}); null means
 *     {@code mlpRatio} times {@code d}
 * @param tiedOutputEmbedding whether the output projection is T itself transposed (GPT-2's {@code
 *     lm_head = wte^T}, no separate output matrix) rather than its own matrix; absent means false
 * @param fgramReadout what A_F returns for an f-gram: {@code norm} (its final LayerNorm over the
 *     last position's hidden state; what every model before this setting had, and what absent
 *     means) or {@code residual} (the last position's residual stream itself, with A_F's residual
 *     writes and positions starting at zero, so a new A_F returns exactly T of the f-gram's last
 *     token and a new SCONE model starts as its baseline)
 */
public record SconeConfig(
        int vocabSize,
        int d,
        int layers,
        int heads,
        int contextLength,
        int maxFgramLength,
        int fgramLayers,
        int fgramHeads,
        int mlpRatio,
        float dropout,
        long seed,
        String activation,
        float layerNormEpsilon,
        Integer ffnWidth,
        boolean tiedOutputEmbedding,
        String fgramReadout) {

    /** Vocabulary size of the GPT-2 BPE tokenizer. */
    public static final int GPT2_VOCAB_SIZE = 50257;

    /** The exact GELU, {@code x * Phi(x)}: what models trained here have always used. */
    public static final String GELU = "gelu";

    /** GPT-2's tanh approximation of GELU (Hugging Face's {@code gelu_new}). */
    public static final String GELU_NEW = "gelu_new";

    /** A_F's output through its final LayerNorm: every model before {@code fgramReadout}. */
    public static final String READOUT_NORM = "norm";

    /** A_F's output as its residual stream, which starts as T of the f-gram's last token. */
    public static final String READOUT_RESIDUAL = "residual";

    /** The LayerNorm epsilon of models whose configuration names none; also GPT-2's. */
    public static final float DEFAULT_LAYER_NORM_EPSILON = 1e-5f;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Validates every field, so a bad configuration fails before any weights are allocated, and
     * fills the defaults of the fields older model cards do not have.
     */
    public SconeConfig {
        if (activation == null) {
            activation = GELU;
        }
        if (!activation.equals(GELU) && !activation.equals(GELU_NEW)) {
            throw new IllegalArgumentException(
                    "The activation must be "
                            + GELU
                            + " or "
                            + GELU_NEW
                            + ", not "
                            + activation
                            + ".");
        }
        if (fgramReadout == null) {
            fgramReadout = READOUT_NORM;
        }
        if (!fgramReadout.equals(READOUT_NORM) && !fgramReadout.equals(READOUT_RESIDUAL)) {
            throw new IllegalArgumentException(
                    "fgramReadout must be "
                            + READOUT_NORM
                            + " or "
                            + READOUT_RESIDUAL
                            + ", not "
                            + fgramReadout
                            + ".");
        }
        if (layerNormEpsilon == 0f) {
            layerNormEpsilon = DEFAULT_LAYER_NORM_EPSILON;
        }
        if (!(layerNormEpsilon > 0f) || Float.isInfinite(layerNormEpsilon)) {
            throw new IllegalArgumentException(
                    "layerNormEpsilon must be a small positive number, not "
                            + layerNormEpsilon
                            + ".");
        }
        if (ffnWidth != null) {
            requirePositive("ffnWidth", ffnWidth);
        }
        requirePositive("vocabSize", vocabSize);
        requirePositive("d", d);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("contextLength", contextLength);
        requirePositive("mlpRatio", mlpRatio);
        if (d % heads != 0) {
            throw new IllegalArgumentException(
                    "The model width d=" + d + " must be divisible by heads=" + heads + ".");
        }
        FgramKey.requireMaxLength(maxFgramLength, "maxFgramLength");
        if (fgramLayers < 0) {
            throw new IllegalArgumentException(
                    "fgramLayers must be 0 (no f-gram model) or more, not " + fgramLayers + ".");
        }
        if (fgramLayers > 0 && (fgramHeads <= 0 || d % fgramHeads != 0)) {
            throw new IllegalArgumentException(
                    "The model width d="
                            + d
                            + " must be divisible by fgramHeads="
                            + fgramHeads
                            + ".");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout + ".");
        }
    }

    /**
     * The shape every model trained here had before GPT-2 checkpoints could be imported: exact
     * GELU, LayerNorm epsilon 1e-5, a feed-forward width of {@code mlpRatio} times {@code d} and an
     * output projection of its own.
     */
    public SconeConfig(
            int vocabSize,
            int d,
            int layers,
            int heads,
            int contextLength,
            int maxFgramLength,
            int fgramLayers,
            int fgramHeads,
            int mlpRatio,
            float dropout,
            long seed) {
        this(
                vocabSize,
                d,
                layers,
                heads,
                contextLength,
                maxFgramLength,
                fgramLayers,
                fgramHeads,
                mlpRatio,
                dropout,
                seed,
                GELU,
                DEFAULT_LAYER_NORM_EPSILON,
                null,
                false,
                READOUT_NORM);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value + ".");
        }
    }

    /**
     * A configuration with the paper's defaults for everything but the sizes: GPT-2 vocabulary, K =
     * 5, an MLP ratio of 4, no dropout and seed 42.
     */
    public static SconeConfig of(
            int d, int layers, int heads, int contextLength, int fgramLayers, int fgramHeads) {
        return new SconeConfig(
                GPT2_VOCAB_SIZE,
                d,
                layers,
                heads,
                contextLength,
                5,
                fgramLayers,
                fgramHeads,
                4,
                0f,
                42L);
    }

    /** Whether the model has an f-gram model A_F (false for a baseline). */
    @JsonIgnore
    public boolean hasFgramEncoder() {
        return fgramLayers > 0;
    }

    /** A copy with a different vocabulary size. */
    public SconeConfig withVocabSize(int newVocabSize) {
        return new SconeConfig(
                newVocabSize,
                d,
                layers,
                heads,
                contextLength,
                maxFgramLength,
                fgramLayers,
                fgramHeads,
                mlpRatio,
                dropout,
                seed,
                activation,
                layerNormEpsilon,
                ffnWidth,
                tiedOutputEmbedding,
                fgramReadout);
    }

    /** A copy with a different initialisation seed. */
    public SconeConfig withSeed(long newSeed) {
        return new SconeConfig(
                vocabSize,
                d,
                layers,
                heads,
                contextLength,
                maxFgramLength,
                fgramLayers,
                fgramHeads,
                mlpRatio,
                dropout,
                newSeed,
                activation,
                layerNormEpsilon,
                ffnWidth,
                tiedOutputEmbedding,
                fgramReadout);
    }

    /**
     * A copy with A_F of {@code newFgramLayers} layers and {@code newFgramHeads} heads (0 layers: a
     * baseline), the decoder unchanged; for adding f-grams to a pretrained decoder.
     */
    public SconeConfig withFgramEncoder(int newFgramLayers, int newFgramHeads) {
        return new SconeConfig(
                vocabSize,
                d,
                layers,
                heads,
                contextLength,
                maxFgramLength,
                newFgramLayers,
                newFgramHeads,
                mlpRatio,
                dropout,
                seed,
                activation,
                layerNormEpsilon,
                ffnWidth,
                tiedOutputEmbedding,
                fgramReadout);
    }

    /** Whether A_F returns its final LayerNorm's output ({@code norm}) rather than its residual. */
    @JsonIgnore
    public boolean readsFgramsThroughNorm() {
        return fgramReadout.equals(READOUT_NORM);
    }

    /** A copy whose A_F returns {@code newReadout} ({@link #READOUT_NORM} or residual). */
    public SconeConfig withFgramReadout(String newReadout) {
        return new SconeConfig(
                vocabSize,
                d,
                layers,
                heads,
                contextLength,
                maxFgramLength,
                fgramLayers,
                fgramHeads,
                mlpRatio,
                dropout,
                seed,
                activation,
                layerNormEpsilon,
                ffnWidth,
                tiedOutputEmbedding,
                newReadout);
    }

    /** Width of each feed-forward hidden layer: {@code ffnWidth}, or {@code mlpRatio * d}. */
    @JsonIgnore
    public int ffnHidden() {
        return ffnWidth != null ? ffnWidth : mlpRatio * d;
    }

    /** Parameters of one pre-LayerNorm transformer layer of width {@code d}. */
    private long parametersPerLayer() {
        long width = d;
        long hidden = ffnHidden();
        long attention = width * 3 * width + 3 * width + width * width + width;
        long mlp = width * hidden + hidden + hidden * width + width;
        long norms = 4 * width;
        return attention + mlp + norms;
    }

    /**
     * Parameters of the main decoder without the token embedding T, the positions and the output
     * projection: its transformer layers and final LayerNorm. This is the usual "non-embedding"
     * size that scaling comparisons quote; A_F is not included.
     */
    public long nonEmbeddingParameters() {
        return layers * parametersPerLayer() + 2L * d;
    }

    /**
     * Parameters of A_F (its layers, positions and, with the {@code norm} readout, final
     * LayerNorm); it shares T with the decoder, so T is not counted here. Zero for a baseline.
     */
    public long fgramEncoderParameters() {
        if (!hasFgramEncoder()) {
            return 0;
        }
        long finalNorm = readsFgramsThroughNorm() ? 2L * d : 0;
        return fgramLayers * parametersPerLayer() + (long) maxFgramLength * d + finalNorm;
    }

    /**
     * Parameters of T, the learned positions and the output projection (none of its own when it is
     * tied to T).
     */
    public long embeddingParameters() {
        long outputProjection = tiedOutputEmbedding ? 0 : (long) vocabSize * d;
        return (long) vocabSize * d + outputProjection + (long) contextLength * d;
    }

    /**
     * Forward-pass FLOPs per token at inference, the usual 2N + 2·layers·C·d estimate with N the
     * non-embedding parameters plus the output projection. A_F costs nothing here: at inference its
     * outputs are precomputed into the f-gram table.
     */
    public long inferenceFlopsPerToken() {
        long outputProjection = (long) vocabSize * d;
        return 2L * (nonEmbeddingParameters() + outputProjection) + 2L * layers * contextLength * d;
    }

    /** This configuration as indented JSON. */
    public String toJson() {
        return JsonFiles.write(JSON, this, "A model configuration");
    }

    /**
     * Reads a configuration written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException if the text is not a valid configuration
     */
    public static SconeConfig fromJson(String json) {
        return JsonFiles.read(
                JSON, json, SconeConfig.class, "The model configuration is not valid JSON");
    }
}
