/**
 * Checkpoints from elsewhere turned into model directories of this project: a GPT-2 checkpoint as
 * {@code GPT2LMHeadModel.save_pretrained} writes it ({@code config.json} and {@code
 * model.safetensors}) becomes a baseline model that every command taking {@code --model} runs.
 */
package dev.scone.model.checkpoint;
