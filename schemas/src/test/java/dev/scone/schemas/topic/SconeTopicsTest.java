package dev.scone.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class SconeTopicsTest {

    @Test
    void onlyTheTableTopicIsCompacted() {
        Map<String, NewTopic> topics =
                SconeTopics.newTopics(3).stream()
                        .collect(Collectors.toMap(NewTopic::name, topic -> topic));

        assertThat(topics.keySet())
                .containsExactlyInAnyOrder(
                        "scone.documents", "scone.results", "scone.fgram-table", "scone.dlq");
        assertThat(topics.get(SconeTopics.FGRAM_TABLE).configs())
                .containsEntry(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        for (String name :
                List.of(SconeTopics.DOCUMENTS, SconeTopics.RESULTS, SconeTopics.DEAD_LETTERS)) {
            assertThat(topics.get(name).configs())
                    .as(name)
                    .doesNotContainKey(TopicConfig.CLEANUP_POLICY_CONFIG);
        }
        assertThat(topics.values())
                .allSatisfy(topic -> assertThat(topic.numPartitions()).isEqualTo(3));
    }

    @Test
    void requestsAndResultsAreKeptAWeekAndDeadLettersAMonth() {
        Map<String, NewTopic> topics =
                SconeTopics.newTopics(1).stream()
                        .collect(Collectors.toMap(NewTopic::name, topic -> topic));

        assertThat(topics.get(SconeTopics.DOCUMENTS).configs())
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "604800000");
        assertThat(topics.get(SconeTopics.RESULTS).configs())
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "604800000");
        assertThat(topics.get(SconeTopics.DEAD_LETTERS).configs())
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "2592000000");
        assertThat(topics.get(SconeTopics.FGRAM_TABLE).configs())
                .doesNotContainKey(TopicConfig.RETENTION_MS_CONFIG);
    }

    @Test
    void replicationIsLeftToTheCluster() {
        assertThat(SconeTopics.newTopics(1))
                .allSatisfy(topic -> assertThat(topic.replicationFactor()).isEqualTo((short) -1));
    }

    @Test
    void zeroPartitionsIsRejected() {
        assertThatThrownBy(() -> SconeTopics.newTopics(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A topic needs at least one partition, not 0.");
    }
}
