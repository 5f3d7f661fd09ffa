package dev.scone.flink.service.settings;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of assembly, which gathers a document's matches.
 *
 * @param timeout how long a document may wait for all its matches before it is dead-lettered
 */
public record AssemblySettings(Duration timeout) implements Serializable {

    public static final String DEFAULT_TIMEOUT = "PT60S";

    /** Every setting at its default. */
    public static AssemblySettings defaults() {
        return new AssemblySettings(Duration.parse(DEFAULT_TIMEOUT));
    }
}
