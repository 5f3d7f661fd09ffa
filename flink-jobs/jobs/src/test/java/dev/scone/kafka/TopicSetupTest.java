package dev.scone.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.schemas.topic.SconeTopics;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

    @Test
    void theFourTopicsGetTheAskedReplicationAndTheTableStaysCompacted() {
        assertThat(TopicSetup.newTopics(3, Optional.of((short) 2)))
                .extracting(NewTopic::name)
                .containsExactlyElementsOf(SconeTopics.names());
        assertThat(TopicSetup.newTopics(3, Optional.of((short) 2)))
                .allSatisfy(
                        topic -> {
                            assertThat(topic.numPartitions()).isEqualTo(3);
                            assertThat(topic.replicationFactor()).isEqualTo((short) 2);
                        });
        NewTopic table =
                TopicSetup.newTopics(1, Optional.empty()).stream()
                        .filter(topic -> topic.name().equals(SconeTopics.FGRAM_TABLE))
                        .findFirst()
                        .orElseThrow();
        assertThat(table.configs())
                .containsEntry(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(table.replicationFactor()).isEqualTo((short) -1);
    }

    @Test
    void aReplicationFactorBelowOneIsRejected() {
        assertThatThrownBy(() -> TopicSetup.newTopics(1, Optional.of((short) 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The replication factor must be at least 1, not 0.");
    }
}
