package dev.scone.model.nn;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.Map;

/**
 * A block whose parameters have stable, documented names (the names in {@code model.safetensors}),
 * independent of DJL's generated child-block keys.
 */
interface NamedTensors {

    /** Adds every parameter of this block to {@code out}, each named {@code prefix + name}. */
    void collectTensors(String prefix, Map<String, Parameter> out);

    /**
     * Names a linear layer's {@code weight} (out x in, as in PyTorch) and optional {@code bias}.
     */
    static void collectLinear(Linear linear, String prefix, Map<String, Parameter> out) {
        for (var entry : linear.getDirectParameters()) {
            out.put(prefix + entry.getKey(), entry.getValue());
        }
    }

    /** Names a LayerNorm's gain {@code weight} and shift {@code bias}. */
    static void collectLayerNorm(LayerNorm norm, String prefix, Map<String, Parameter> out) {
        for (var entry : norm.getDirectParameters()) {
            String name = entry.getKey().equals("gamma") ? "weight" : "bias";
            out.put(prefix + name, entry.getValue());
        }
    }
}
