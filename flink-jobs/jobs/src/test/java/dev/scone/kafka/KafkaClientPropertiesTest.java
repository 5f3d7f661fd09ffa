package dev.scone.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"alice\" password=\"alice-secret\";";

    @TempDir Path dir;

    @Test
    void fileEntriesOverrideToolDefaultsAndExplicitBootstrapOverridesTheFile() throws IOException {
        Path file =
                write(
                        "bootstrap.servers=kafka-1.internal:9093",
                        "security.protocol=SASL_SSL",
                        "acks=1");

        KafkaClientProperties fromFile =
                KafkaClientProperties.resolve(Map.of("acks", "all", "linger.ms", "5"), null, file);
        KafkaClientProperties explicit =
                KafkaClientProperties.resolve(Map.of(), "127.0.0.1:19092", file);

        assertThat(fromFile.bootstrapServers()).isEqualTo("kafka-1.internal:9093");
        assertThat(fromFile.get("acks")).isEqualTo("1");
        assertThat(fromFile.get("linger.ms")).isEqualTo("5");
        assertThat(fromFile.get("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(explicit.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(explicit.get("security.protocol")).isEqualTo("SASL_SSL");
    }

    @Test
    void withoutFileOrOptionClientsTalkToTheLocalBroker() {
        KafkaClientProperties properties = KafkaClientProperties.resolve(Map.of(), null, null);

        assertThat(properties.bootstrapServers())
                .isEqualTo(KafkaClientProperties.DEFAULT_BOOTSTRAP_SERVERS);
    }

    @Test
    void redactedViewMasksEverySecretLookingKeyAndKeepsTheRest() throws IOException {
        Path file =
                write(
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=" + JAAS,
                        "ssl.truststore.password=trust-me",
                        "ssl.keystore.location=/etc/kafka/client.jks",
                        "sasl.oauthbearer.token.endpoint.url=https://auth.internal/token",
                        "basic.auth.user.info=alice:SECRET-INFO",
                        "client.secret=s3cr3t");

        Map<String, String> shown = KafkaClientProperties.fromFile(file).redacted();

        assertThat(shown)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", KafkaClientProperties.REDACTED)
                .containsEntry("ssl.truststore.password", KafkaClientProperties.REDACTED)
                .containsEntry("ssl.keystore.location", KafkaClientProperties.REDACTED)
                .containsEntry(
                        "sasl.oauthbearer.token.endpoint.url", KafkaClientProperties.REDACTED)
                .containsEntry("client.secret", KafkaClientProperties.REDACTED)
                // Not covered by the key markers, so shown: the markers are the contract.
                .containsEntry("basic.auth.user.info", "alice:SECRET-INFO");
    }

    @Test
    void toStringNeverContainsSecretValues() {
        KafkaClientProperties properties =
                KafkaClientProperties.of(
                        Map.of(
                                "sasl.jaas.config", JAAS,
                                "SSL.KEY.PASSWORD", "key-pass",
                                "bootstrap.servers", "127.0.0.1:9092"));

        assertThat(properties.toString())
                .contains("127.0.0.1:9092")
                .doesNotContain("alice-secret")
                .doesNotContain("key-pass");
    }

    @Test
    void theRealValuesReachTheClient() {
        KafkaClientProperties properties =
                KafkaClientProperties.of(Map.of("sasl.jaas.config", JAAS)).with("acks", "all");

        assertThat(properties.toProperties())
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("acks", "all");
        assertThat(properties.toMap()).containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void secretKeyMarkersMatchInAnyCase() {
        assertThat(KafkaClientProperties.isSecret("ssl.KEY.password")).isTrue();
        assertThat(KafkaClientProperties.isSecret("Sasl.Jaas.Config")).isTrue();
        assertThat(KafkaClientProperties.isSecret("sasl.login.token")).isTrue();
        assertThat(KafkaClientProperties.isSecret("security.protocol")).isFalse();
        assertThat(KafkaClientProperties.isSecret("bootstrap.servers")).isFalse();
    }

    @Test
    void missingFileIsReportedByName() {
        Path missing = dir.resolve("client.properties");

        assertRefused(missing)
                .hasMessage("The Kafka properties file " + missing + " does not exist.");
    }

    @Test
    void directoryInsteadOfFileIsReported() {
        assertRefused(dir).hasMessageContaining("is not a readable file");
    }

    @Test
    void malformedFileIsReported() throws IOException {
        Path file = write("ssl.truststore.location=C:\\uZZZZ\\trust.jks");

        assertRefused(file).hasMessageContaining("could not be read as a properties file");
    }

    /** That {@code fromFile} refuses {@code file} as a user's mistake; its message to check. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file) {
        return assertThatThrownBy(() -> KafkaClientProperties.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreTrimmedAsKafkaToolsDo() throws IOException {
        Path file = write("  linger.ms =  20   ");

        assertThat(KafkaClientProperties.fromFile(file).get("linger.ms")).isEqualTo("20");
    }

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.write(file, java.util.List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void scrubHidesSecretValuesAndThePasswordsInsideJaasButKeepsTheRest() {
        KafkaClientProperties properties =
                KafkaClientProperties.of(
                        Map.of(
                                "sasl.jaas.config", JAAS,
                                "ssl.truststore.password", "trust-me-42",
                                "key.serializer", "org.example.KeySerializer",
                                "bootstrap.servers", "kafka:9093"));

        String scrubbed =
                properties.scrub(
                        "login alice-secret failed for "
                                + JAAS
                                + " with store trust-me-42 and org.example.KeySerializer at"
                                + " kafka:9093");

        assertThat(scrubbed)
                .doesNotContain("alice-secret")
                .doesNotContain("trust-me-42")
                .contains("org.example.KeySerializer")
                .contains("kafka:9093")
                .contains(KafkaClientProperties.REDACTED);
        assertThat(properties.secretValues()).contains("alice-secret", "trust-me-42", JAAS);
    }

    @Test
    void scrubLeavesTextWithoutSecretsAlone() {
        KafkaClientProperties properties =
                KafkaClientProperties.of(Map.of("ssl.key.password", "abc"));

        assertThat(properties.scrub("nothing here, not even abc"))
                .isEqualTo("nothing here, not even abc");
        assertThat(properties.scrub(null)).isNull();
    }
}
