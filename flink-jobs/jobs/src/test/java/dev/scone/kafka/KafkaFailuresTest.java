package dev.scone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"service\" password=\"s3cret-pass\";";

    private static final KafkaClientProperties SCRAM =
            KafkaClientProperties.of(
                    Map.of(
                            "bootstrap.servers", "kafka:9093",
                            "security.protocol", "sasl_ssl",
                            "sasl.mechanism", "SCRAM-SHA-512",
                            "sasl.jaas.config", JAAS));

    @Test
    void thePrincipalIsTheJaasUserNameOrTheKindOfCredential() {
        assertThat(KafkaFailures.principal(SCRAM)).isEqualTo("user service");
        assertThat(
                        KafkaFailures.principal(
                                KafkaClientProperties.of(
                                        Map.of(
                                                "security.protocol", "SASL_SSL",
                                                "sasl.mechanism", "OAUTHBEARER"))))
                .isEqualTo("the OAUTHBEARER principal");
        assertThat(
                        KafkaFailures.principal(
                                KafkaClientProperties.of(Map.of("security.protocol", "SSL"))))
                .isEqualTo("the TLS client certificate");
        assertThat(KafkaFailures.principal(KafkaClientProperties.empty()))
                .isEqualTo("this client (PLAINTEXT)");
    }

    @Test
    void aFailedLoginNamesTheUserAndNeverThePassword() {
        Throwable failure =
                new KafkaException(
                        "wrapped",
                        new SaslAuthenticationException(
                                "Authentication failed: invalid credentials for s3cret-pass."));

        String sentence = KafkaFailures.connectionProblem(failure, SCRAM, 15);

        assertThat(sentence)
                .startsWith("Authentication failed for user service at kafka:9093 (")
                .endsWith(
                        "check the user name and password in sasl.jaas.config and sasl.mechanism.")
                .doesNotContain("s3cret-pass");
    }

    @Test
    void aTlsFailureSaysWhatTheHandshakeLacked() {
        Throwable failure =
                new SslAuthenticationException(
                        "SSL handshake failed",
                        new IllegalStateException("unable to find valid certification path"));

        assertThat(KafkaFailures.connectionProblem(failure, SCRAM, 15))
                .isEqualTo(
                        "The TLS handshake with kafka:9093 failed (unable to find valid"
                                + " certification path); check that the brokers listen with TLS"
                                + " there and that ssl.truststore.* trusts their certificate.");
    }

    @Test
    void aSilentBrokerIsATimeoutWithTheSecurityProtocol() {
        assertThat(KafkaFailures.connectionProblem(new TimeoutException("no"), SCRAM, 15))
                .isEqualTo(
                        "Kafka at kafka:9093 did not answer within 15 s; is a broker running"
                                + " there (scone broker), and does security.protocol=SASL_SSL"
                                + " match its listener?");
    }

    @Test
    void authorizationIsNotAConnectionProblem() {
        assertThat(
                        KafkaFailures.connectionProblem(
                                new TopicAuthorizationException("no"), SCRAM, 15))
                .isNull();
    }
}
