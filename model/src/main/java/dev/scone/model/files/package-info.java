/** Small file-system helpers shared by the model, the jobs, the benchmarks and the command line. */
package dev.scone.model.files;
