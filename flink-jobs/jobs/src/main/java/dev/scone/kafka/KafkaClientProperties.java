package dev.scone.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Properties for a Kafka client (producer, consumer, admin), built in layers: the tool's defaults,
 * then a user's properties file (which may carry any client setting, such as {@code
 * security.protocol}, {@code sasl.*} or {@code ssl.*}), then explicit command-line values. Values
 * that may be secrets never leave through {@link #toString()} or {@link #redacted()}, so the whole
 * object can be logged safely.
 *
 * <p>Instances are immutable; every "with" method returns a new one.
 */
public final class KafkaClientProperties {

    /** Where the clients look for a broker when nobody says otherwise: {@code scone broker}. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    /** What {@link #redacted()} shows instead of a secret value. */
    public static final String REDACTED = "[redacted]";

    /**
     * Key fragments that mark a value as secret. Deliberately broad: hiding a harmless value such
     * as {@code key.serializer} costs nothing, printing one password is a leak.
     */
    private static final List<String> SECRET_KEY_MARKERS =
            List.of("password", "secret", "jaas", "token", "key");

    private final SortedMap<String, String> values;

    private KafkaClientProperties(SortedMap<String, String> values) {
        this.values = Collections.unmodifiableSortedMap(values);
    }

    /** No properties at all. */
    public static KafkaClientProperties empty() {
        return new KafkaClientProperties(new TreeMap<>());
    }

    /** Exactly the given properties. */
    public static KafkaClientProperties of(Map<String, String> properties) {
        TreeMap<String, String> copy = new TreeMap<>();
        properties.forEach(
                (key, value) ->
                        copy.put(
                                Objects.requireNonNull(key, "key"),
                                Objects.requireNonNull(value, "value of " + key)));
        return new KafkaClientProperties(copy);
    }

    /**
     * The properties of a Java properties file, as a user writes them for {@code
     * kafka-console-producer --producer.config}.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or malformed
     */
    public static KafkaClientProperties fromFile(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(
                    "The Kafka properties file " + file + " does not exist.");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(
                    "The Kafka properties file " + file + " is not a readable file.");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "The Kafka properties file "
                            + file
                            + " could not be read as a properties file: "
                            + e.getMessage(),
                    e);
        }
        TreeMap<String, String> values = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key.trim(), properties.getProperty(key).trim());
        }
        return new KafkaClientProperties(values);
    }

    /**
     * The layering every SCONE command uses: {@code toolDefaults}, then the user's file (when
     * given), then {@code bootstrapServers} (when given). Without either source, clients talk to
     * {@link #DEFAULT_BOOTSTRAP_SERVERS}.
     *
     * @param bootstrapServers an explicit {@code --bootstrap-servers} value, or null
     * @param propertiesFile an explicit {@code --kafka-properties} file, or null
     */
    public static KafkaClientProperties resolve(
            Map<String, String> toolDefaults, String bootstrapServers, Path propertiesFile) {
        KafkaClientProperties resolved =
                of(Map.of("bootstrap.servers", DEFAULT_BOOTSTRAP_SERVERS))
                        .overriddenBy(of(toolDefaults));
        if (propertiesFile != null) {
            resolved = resolved.overriddenBy(fromFile(propertiesFile));
        }
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            resolved = resolved.with("bootstrap.servers", bootstrapServers.trim());
        }
        return resolved;
    }

    /** These properties with every entry of {@code overrides} replacing or adding to them. */
    public KafkaClientProperties overriddenBy(KafkaClientProperties overrides) {
        TreeMap<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides.values);
        return new KafkaClientProperties(merged);
    }

    /** These properties with {@code key} set to {@code value}. */
    public KafkaClientProperties with(String key, String value) {
        TreeMap<String, String> changed = new TreeMap<>(values);
        changed.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new KafkaClientProperties(changed);
    }

    /** The value of {@code key}, or null when it is not set. */
    public String get(String key) {
        return values.get(key);
    }

    /** The brokers the client contacts first; never null once built by {@link #resolve}. */
    public String bootstrapServers() {
        return values.get("bootstrap.servers");
    }

    /** A fresh {@link Properties} for a client constructor or a Flink connector builder. */
    public Properties toProperties() {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }

    /** A fresh, mutable map for client constructors that take {@code Map<String, Object>}. */
    public Map<String, Object> toMap() {
        return new HashMap<>(values);
    }

    /** All entries, sorted by key, with the value of every possibly secret key masked. */
    public SortedMap<String, String> redacted() {
        TreeMap<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> shown.put(key, isSecret(key) ? REDACTED : value));
        return shown;
    }

    /**
     * Whether the value of {@code key} must not be shown: its name contains password, secret, jaas,
     * token or key, in any case.
     */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String marker : SECRET_KEY_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Keys whose values {@link #scrub} hides in free text: credentials, not class names. */
    private static final Pattern SCRUBBED_KEY =
            Pattern.compile("password|secret|jaas|token|(^|\\.)key$", Pattern.CASE_INSENSITIVE);

    /** Quoted option values of a JAAS configuration whose option names mark them as secret. */
    private static final Pattern JAAS_SECRET_OPTION =
            Pattern.compile(
                    "(\\w*(?:password|secret|token|key)\\w*)\\s*=\\s*\"([^\"]*)\"",
                    Pattern.CASE_INSENSITIVE);

    /** Shorter values are not hidden in free text: they would garble messages, not protect. */
    private static final int SHORTEST_SCRUBBED = 4;

    /**
     * {@code text} with every secret value of these properties replaced by {@link #REDACTED}: the
     * values of password, secret, token and key entries, whole JAAS configurations and the
     * passwords inside them. For messages that may quote a client's configuration, such as a Kafka
     * exception's.
     */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = text;
        for (String secret : secretValues()) {
            scrubbed = scrubbed.replace(secret, REDACTED);
        }
        return scrubbed;
    }

    /** The values {@link #scrub} hides, longest first so that a part never hides its whole. */
    public List<String> secretValues() {
        Set<String> secrets = new HashSet<>();
        values.forEach(
                (key, value) -> {
                    if (!SCRUBBED_KEY.matcher(key).find()) {
                        return;
                    }
                    secrets.add(value);
                    Matcher option = JAAS_SECRET_OPTION.matcher(value);
                    while (option.find()) {
                        secrets.add(option.group(2));
                    }
                });
        secrets.removeIf(secret -> secret.strip().length() < SHORTEST_SCRUBBED);
        List<String> longestFirst = new ArrayList<>(secrets);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        return longestFirst;
    }

    /** The redacted entries, so that logging this object never prints a secret. */
    @Override
    public String toString() {
        return redacted().toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaClientProperties
                && values.equals(((KafkaClientProperties) other).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
