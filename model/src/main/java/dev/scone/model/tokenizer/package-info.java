/**
 * The GPT-2 byte-level BPE tokenizer (r50k_base, 50,257 ids) that turns text into the token ids
 * every other part of SCONE works on: f-gram counting, longest match, the model's inputs and its
 * generated output.
 */
package dev.scone.model.tokenizer;
