package dev.scone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class KafkaNeedsTest {

    @Test
    void needsAccumulateAndTopicsListReadOnesFirst() {
        KafkaNeeds needs =
                KafkaNeeds.connectionOnly()
                        .writing("z.results")
                        .reading("b.documents", "a.table")
                        .inGroups("scone-service")
                        .withTransactions("scone-service-results");

        assertThat(needs.topics()).containsExactly("a.table", "b.documents", "z.results");
        assertThat(needs.groups()).containsExactly("scone-service");
        assertThat(needs.transactionalIdPrefixes()).containsExactly("scone-service-results");
        assertThat(needs.mayAutoCreate()).isFalse();
        assertThat(needs.allowingAutoCreatedTopics().mayAutoCreate()).isTrue();
        assertThat(KafkaNeeds.connectionOnly().topics()).isEmpty();
    }

    @Test
    void thePreflightAdminKeepsSecurityDropsProducerSettingsAndBoundsItsWaits() {
        KafkaClientProperties client =
                KafkaClientProperties.of(
                        Map.of(
                                "bootstrap.servers", "kafka:9093",
                                "security.protocol", "SASL_SSL",
                                "sasl.jaas.config", "x required;",
                                "linger.ms", "5",
                                "default.api.timeout.ms", "600000"));

        Map<String, Object> admin = KafkaPreflight.adminProperties(client, "scone-preflight");

        assertThat(admin)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "x required;")
                .doesNotContainKey("linger.ms");
        int apiTimeout = (Integer) admin.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        assertThat((long) apiTimeout).isLessThan(KafkaPreflight.TIME_LIMIT.toMillis());
    }

    @Test
    void aMissingTopicSentenceSaysHowToMakeIt() {
        assertThat(KafkaPreflight.missingTopic("scone.documents", "kafka:9093"))
                .isEqualTo(
                        "Topic scone.documents does not exist at kafka:9093: run `scone topics"
                                + " create` as a user who may create topics.");
        assertThat(KafkaPreflight.missingTopic("mine", "kafka:9093"))
                .startsWith("Topic mine does not exist at kafka:9093: create it first");
    }
}
