package dev.scone.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.kafka.KafkaClientProperties;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSecurityTest {

    @TempDir Path dataDir;

    @Test
    void firstUseMakesStoresAndPrivateClientFilesThatLaterStartsReuse() throws Exception {
        BrokerSecurity first = BrokerSecurity.prepare(dataDir);
        first.writeClientPropertiesFiles("127.0.0.1:9093");
        KafkaClientProperties service =
                KafkaClientProperties.fromFile(first.clientPropertiesFile(BrokerSecurity.SERVICE));

        BrokerSecurity again = BrokerSecurity.prepare(dataDir);

        assertThat(service.get("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(service.get("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(service.get("sasl.jaas.config")).contains("username=\"service\"");
        assertThat(service.bootstrapServers()).isEqualTo("127.0.0.1:9093");
        assertThat(again.clientProperties(BrokerSecurity.SERVICE, "127.0.0.1:9093"))
                .isEqualTo(service);
        for (Path secret :
                new Path[] {
                    first.dir().resolve("secrets.properties"),
                    first.clientPropertiesFile(BrokerSecurity.ADMIN),
                    first.keyStore()
                }) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as(secret.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void theTrustStoreHoldsACertificateForTheLoopbackAddress() throws Exception {
        BrokerSecurity security = BrokerSecurity.prepare(dataDir);
        KafkaClientProperties admin =
                security.clientProperties(BrokerSecurity.ADMIN, "127.0.0.1:9093");

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(security.trustStore())) {
            trust.load(in, admin.get("ssl.truststore.password").toCharArray());
        }
        X509Certificate certificate =
                (X509Certificate) trust.getCertificate(trust.aliases().nextElement());

        assertThat(certificate.getSubjectAlternativeNames())
                .anySatisfy(name -> assertThat(name.get(1)).isEqualTo("127.0.0.1"));
    }

    @Test
    void theBrokerListensWithSaslSslOnlyAndAuthorizesEveryRequest() throws Exception {
        Map<String, String> server = BrokerSecurity.prepare(dataDir).serverProperties(9093, 9094);

        assertThat(server.get("listeners"))
                .isEqualTo("SASL_SSL://127.0.0.1:9093,CONTROLLER://127.0.0.1:9094");
        assertThat(server.get("listener.security.protocol.map"))
                .isEqualTo("SASL_SSL:SASL_SSL,CONTROLLER:SASL_SSL");
        assertThat(server)
                .containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry(
                        "authorizer.class.name",
                        "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:admin")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("auto.create.topics.enable", "false");
        assertThat(server.get("listener.name.controller.scram-sha-512.sasl.jaas.config"))
                .contains("username=\"admin\"");
    }

    @Test
    void theServiceUserMayReadAndWriteTheTopicsAndUseItsGroupsAndTransactions() {
        assertThat(BrokerSecurity.serviceAcls())
                .allSatisfy(acl -> assertThat(acl.entry().principal()).isEqualTo("User:service"))
                .filteredOn(acl -> acl.pattern().resourceType() == ResourceType.TOPIC)
                .hasSize(8);
        assertThat(BrokerSecurity.serviceAcls())
                .anySatisfy(acl -> assertAcl(acl, ResourceType.GROUP, AclOperation.READ))
                .anySatisfy(
                        acl -> assertAcl(acl, ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE));
    }

    @Test
    void onlyTheTwoModesAreKnown() {
        assertThat(BrokerSecurity.Mode.parse("scram-tls")).isEqualTo(BrokerSecurity.Mode.SCRAM_TLS);
        assertThat(BrokerSecurity.Mode.parse("NONE")).isEqualTo(BrokerSecurity.Mode.NONE);
        assertThatThrownBy(() -> BrokerSecurity.Mode.parse("kerberos"))
                .hasMessage("--security must be none or scram-tls, not kerberos.");
    }

    private static void assertAcl(AclBinding acl, ResourceType type, AclOperation operation) {
        assertThat(acl.pattern().resourceType()).isEqualTo(type);
        assertThat(acl.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
        assertThat(acl.pattern().name()).isEqualTo(BrokerSecurity.SERVICE_PREFIX);
        assertThat(acl.entry().operation()).isEqualTo(operation);
    }
}
