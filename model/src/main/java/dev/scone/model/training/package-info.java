/**
 * Training SCONE models from text corpora: documents are tokenized with GPT-2 BPE, tagged with each
 * position's longest f-gram over the whole document, cut into context windows and shuffled into
 * batches; {@link dev.scone.model.training.TrainingRun} drives a run from a JSON or YAML
 * configuration with resumable checkpoints, records its loss curve as CSV and PNG, and writes a
 * model directory that the serving code loads.
 */
package dev.scone.model.training;
