package dev.scone.flink.service.settings;

import java.io.Serializable;

/**
 * Settings of each decoder's read replica of the table, used while generating.
 *
 * @param store where the replica lives
 * @param dir local directory of rocksdb replicas; null for one under the temporary directory
 */
public record ReplicaSettings(Store store, String dir) implements Serializable {

    public static final String DEFAULT_STORE = "memory";

    /** Where the generation replica of the f-gram table lives on each decoder. */
    public enum Store {
        memory,
        rocksdb
    }

    /** Every setting at its default. */
    public static ReplicaSettings defaults() {
        return new ReplicaSettings(Store.valueOf(DEFAULT_STORE), null);
    }
}
