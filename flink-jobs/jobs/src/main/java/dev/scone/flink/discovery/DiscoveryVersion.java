package dev.scone.flink.discovery;

/**
 * The table version discovered entries carry. The shipped table's version is {@code
 * MODEL+FINGERPRINT}; a discovered entry's is {@code MODEL+discovered}: the model version stays the
 * served model's (the service refuses entries of another model), and results that used a discovered
 * entry say so in their {@code tableVersion}.
 */
public final class DiscoveryVersion {

    static final String SUFFIX = "+discovered";

    private DiscoveryVersion() {}

    /** Table version of entries the discovery job publishes for {@code modelVersion}. */
    public static String of(String modelVersion) {
        return modelVersion + SUFFIX;
    }

    /** Whether {@code tableVersion} marks a discovered entry. */
    public static boolean isDiscovered(String tableVersion) {
        return tableVersion != null && tableVersion.endsWith(SUFFIX);
    }
}
