package dev.scone.broker;

import dev.scone.kafka.KafkaClientProperties;
import dev.scone.schemas.topic.SconeTopics;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * How a local broker is secured. {@link Mode#NONE} is the plain listener of {@code scone broker};
 * {@link Mode#SCRAM_TLS} is what production clusters look like: one SASL_SSL listener with
 * SCRAM-SHA-512 users, a self-signed certificate, Kafka's {@code StandardAuthorizer} with {@code
 * allow.everyone.if.no.acl.found=false}, and two users:
 *
 * <ul>
 *   <li>{@value #ADMIN}, a super user, which the broker itself also uses between its broker and
 *       controller parts;
 *   <li>{@value #SERVICE}, with ACLs for exactly what SCONE Stream needs: read and write on the
 *       four topics, consumer groups and transactional ids starting with {@value #SERVICE_PREFIX}.
 * </ul>
 *
 * <p>Everything lives in {@code DATA_DIR/security/}, made on first start and reused after, since
 * the SCRAM credentials are formatted into the broker's metadata once: the key store and trust
 * store, {@code secrets.properties} (the generated passwords) and one client properties file per
 * user, {@code USER.properties}, to hand to {@code --kafka-properties}. Files holding secrets are
 * readable by their owner only.
 */
public final class BrokerSecurity {

    /** How a local broker is secured. */
    public enum Mode {
        /** One PLAINTEXT listener, no authentication, no authorizer. */
        NONE("none"),
        /** One SASL_SSL listener, SCRAM-SHA-512, TLS, the StandardAuthorizer and ACLs. */
        SCRAM_TLS("scram-tls");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /** The name on the command line. */
        public String label() {
            return label;
        }

        /**
         * The mode called {@code label}.
         *
         * @throws IllegalArgumentException with the names there are
         */
        public static Mode parse(String label) {
            for (Mode mode : values()) {
                if (mode.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
            throw new IllegalArgumentException(
                    "--security must be none or scram-tls, not " + label + ".");
        }
    }

    /** The super user. */
    public static final String ADMIN = "admin";

    /** The user SCONE Stream runs as, with ACLs for what it needs and nothing else. */
    public static final String SERVICE = "service";

    /** The SASL mechanism of the listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** Start of the consumer groups and transactional ids the service user may use. */
    public static final String SERVICE_PREFIX = "scone-";

    private static final String LISTENER = "SASL_SSL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SCRAM_LOGIN_MODULE =
            "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 24;

    private final Path dir;
    private final Properties secrets;

    private BrokerSecurity(Path dir, Properties secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    /**
     * The security files of the broker in {@code dataDir}: read when they exist, otherwise made
     * (passwords, a certificate valid for 127.0.0.1 and localhost, the stores).
     */
    static BrokerSecurity prepare(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("security");
        Files.createDirectories(dir);
        Path secretsFile = dir.resolve("secrets.properties");
        Properties secrets = new Properties();
        if (Files.isRegularFile(secretsFile)) {
            try (Reader reader = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
                secrets.load(reader);
            }
        } else {
            SecureRandom random = new SecureRandom();
            secrets.setProperty("keystore.password", password(random));
            secrets.setProperty("truststore.password", password(random));
            secrets.setProperty("user." + ADMIN, password(random));
            secrets.setProperty("user." + SERVICE, password(random));
            writePrivately(secretsFile, secrets, "Generated passwords of the local secured broker");
        }
        BrokerSecurity security = new BrokerSecurity(dir, secrets);
        if (!Files.isRegularFile(security.keyStore())
                || !Files.isRegularFile(security.trustStore())) {
            Files.deleteIfExists(security.keyStore());
            Files.deleteIfExists(security.trustStore());
            SelfSignedCertificate.create(
                    security.keyStore(),
                    secrets.getProperty("keystore.password"),
                    security.trustStore(),
                    secrets.getProperty("truststore.password"),
                    dir);
            restrictToOwner(security.keyStore());
        }
        return security;
    }

    /** The directory of the security files. */
    public Path dir() {
        return dir;
    }

    /** The users the broker knows, super user first. */
    public List<String> users() {
        return List.of(ADMIN, SERVICE);
    }

    /** The broker's key store: its key pair and self-signed certificate. */
    Path keyStore() {
        return dir.resolve("broker.keystore.p12");
    }

    /** The trust store clients use: the broker's certificate only. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /**
     * The {@code server.properties} entries that secure the listeners given by {@link
     * KraftServerProperties}: both listeners SASL_SSL, SCRAM-SHA-512 with the admin's credentials
     * for the broker's own connections, the StandardAuthorizer with the admin as super user.
     */
    Map<String, String> serverProperties(int port, int controllerPort) {
        String host = KraftServerProperties.HOST;
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                "listeners",
                LISTENER
                        + "://"
                        + host
                        + ":"
                        + port
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + host
                        + ":"
                        + controllerPort);
        p.put("advertised.listeners", LISTENER + "://" + host + ":" + port);
        p.put(
                "listener.security.protocol.map",
                LISTENER + ":SASL_SSL," + CONTROLLER_LISTENER + ":SASL_SSL");
        p.put("inter.broker.listener.name", LISTENER);
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("sasl.mechanism.controller.protocol", MECHANISM);
        String jaas = jaasConfig(ADMIN);
        for (String listener : List.of(LISTENER, CONTROLLER_LISTENER)) {
            p.put(
                    "listener.name."
                            + listener.toLowerCase(Locale.ROOT)
                            + "."
                            + MECHANISM.toLowerCase(Locale.ROOT)
                            + ".sasl.jaas.config",
                    jaas);
        }
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keyStore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", secrets.getProperty("keystore.password"));
        p.put("ssl.key.password", secrets.getProperty("keystore.password"));
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", secrets.getProperty("truststore.password"));
        p.put("ssl.client.auth", "none");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // In combined mode the controller authorizes the broker's own requests too: the
        // principal on the controller listener must be a super user.
        p.put("super.users", "User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        // As on a production cluster: topics come from `scone topics create`, not from typos.
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    /**
     * The SCRAM credentials to format into a new broker's metadata, one {@code kafka-storage format
     * --add-scram} value per line, in a file only its owner can read.
     */
    Path writeScramCredentials() throws IOException {
        Path file = dir.resolve("scram-credentials");
        StringBuilder lines = new StringBuilder();
        for (String user : users()) {
            lines.append(MECHANISM)
                    .append("=[name=")
                    .append(user)
                    .append(",password=")
                    .append(password(user))
                    .append("]\n");
        }
        Files.deleteIfExists(file);
        createPrivately(file);
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Client properties for {@code user} at {@code bootstrapServers}: SASL_SSL, SCRAM, trust. */
    public KafkaClientProperties clientProperties(String user, String bootstrapServers) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaasConfig(user));
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", secrets.getProperty("truststore.password"));
        return KafkaClientProperties.of(p);
    }

    /** Where {@link #writeClientPropertiesFiles} puts the client properties of {@code user}. */
    public Path clientPropertiesFile(String user) {
        return dir.resolve(user + ".properties");
    }

    /** Writes a client properties file per user, readable by its owner only. */
    void writeClientPropertiesFiles(String bootstrapServers) throws IOException {
        for (String user : users()) {
            // Written by hand rather than with Properties.store, which would escape every '='
            // and ':' of the JAAS line and make the file hard to read and copy from.
            StringBuilder text = new StringBuilder();
            text.append("# Kafka client properties of user ")
                    .append(user)
                    .append(" at the local secured SCONE broker (SCRAM-SHA-512 over TLS).\n")
                    .append(
                            "# Use with --kafka-properties; keep it private: it holds a password.\n");
            new TreeMap<>(clientProperties(user, bootstrapServers).toMap())
                    .forEach(
                            (key, value) ->
                                    text.append(key).append('=').append(value).append('\n'));
            Path file = clientPropertiesFile(user);
            Files.deleteIfExists(file);
            createPrivately(file);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    /**
     * The ACLs of the service user: read and write on the four topics, the consumer groups and
     * transactional ids starting with {@value #SERVICE_PREFIX}. Creating them again changes
     * nothing.
     */
    public static List<AclBinding> serviceAcls() {
        String principal = "User:" + SERVICE;
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : SconeTopics.names()) {
            for (AclOperation operation : List.of(AclOperation.READ, AclOperation.WRITE)) {
                acls.add(
                        allow(
                                principal,
                                ResourceType.TOPIC,
                                topic,
                                PatternType.LITERAL,
                                operation));
            }
        }
        acls.add(
                allow(
                        principal,
                        ResourceType.GROUP,
                        SERVICE_PREFIX,
                        PatternType.PREFIXED,
                        AclOperation.READ));
        acls.add(
                allow(
                        principal,
                        ResourceType.TRANSACTIONAL_ID,
                        SERVICE_PREFIX,
                        PatternType.PREFIXED,
                        AclOperation.WRITE));
        return acls;
    }

    private static AclBinding allow(
            String principal,
            ResourceType type,
            String name,
            PatternType pattern,
            AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private String jaasConfig(String user) {
        return SCRAM_LOGIN_MODULE
                + " required username=\""
                + user
                + "\" password=\""
                + password(user)
                + "\";";
    }

    private String password(String user) {
        String password = secrets.getProperty("user." + user);
        if (password == null) {
            throw new IllegalArgumentException("The local broker has no user " + user + ".");
        }
        return password;
    }

    private static String password(SecureRandom random) {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private static void writePrivately(Path file, Properties properties, String comment)
            throws IOException {
        Files.deleteIfExists(file);
        createPrivately(file);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, comment);
        }
    }

    /** Creates an empty file that only its owner may read, where the file system knows owners. */
    private static void createPrivately(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
