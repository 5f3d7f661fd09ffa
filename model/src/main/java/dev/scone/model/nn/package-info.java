/**
 * The SCONE neural model on DJL's PyTorch engine: a GPT-style causal decoder that reads input
 * vectors rather than token ids, the f-gram model A_F that embeds each position's longest f-gram
 * with the decoder's own token embedding T (its output replaces T's row for that position), joint
 * training, scoring and KV-cached generation that look up each new token's f-gram between steps,
 * and the safetensors weights format with its model card.
 */
package dev.scone.model.nn;
