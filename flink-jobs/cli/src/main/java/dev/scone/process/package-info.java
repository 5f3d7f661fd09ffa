/**
 * Lifetime of the child JVMs SCONE starts (the Kafka broker, Flink's JobManager and TaskManagers):
 * what lets a child notice that the process which started it is gone.
 */
package dev.scone.process;
