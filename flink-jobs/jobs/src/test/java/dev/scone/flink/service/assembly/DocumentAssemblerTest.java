package dev.scone.flink.service.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.DeadLetters;
import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.matching.PositionMatch;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DocumentAssemblerTest {

    private KeyedTwoInputStreamOperatorTestHarness<
                    RequestKey, DocumentRequest, PositionMatch, AssembledDocument>
            harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new DocumentAssembler(Duration.ofSeconds(10)),
                        request -> request.requestKey,
                        match -> match.requestKey,
                        Types.POJO(RequestKey.class));
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    /** The key of document {@code name}: each test names its documents a, b, c ... */
    private static RequestKey key(String name) {
        return new RequestKey("scone.documents", 0, name.charAt(0));
    }

    private static DocumentRequest document(String key, int... tokens) {
        DocumentRequest request = new DocumentRequest();
        request.requestKey = key(key);
        request.id = "id-" + key;
        request.task = Task.SCORE;
        request.text = "text";
        request.tokens = tokens;
        return request;
    }

    private static PositionMatch match(
            String key, int position, int length, String version, long appliedAt) {
        PositionMatch match = new PositionMatch();
        match.requestKey = key(key);
        match.position = position;
        match.length = length;
        match.vector = length == 0 ? null : new byte[] {(byte) position, 0};
        match.tableVersion = version;
        match.tableVersionAppliedAt = appliedAt;
        return match;
    }

    @Test
    void emitsOnceEveryPositionMatchedInAnyOrderAndClearsState() throws Exception {
        harness.processElement2(match("a", 3, 3, "v1", 10), 0);
        harness.processElement2(match("a", 1, 0, "v1", 10), 0);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processElement1(document("a", 5, 6, 7, 8), 0);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processElement2(match("a", 2, 2, "v2", 20), 0);

        List<AssembledDocument> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        AssembledDocument assembled = out.get(0);
        assertThat(assembled.matchLengths).containsExactly(0, 0, 2, 3);
        assertThat(assembled.vectors).containsExactly(2, 0, 3, 0);
        assertThat(assembled.matchedPositions()).isEqualTo(2);
        assertThat(assembled.tableVersion).isEqualTo("v2");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aOneTokenDocumentNeedsNoMatches() throws Exception {
        harness.processElement1(document("b", 42), 0);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.extractOutputValues().get(0).matchLengths).containsExactly(0);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void anUnmatchedDocumentReportsTheNewestVersionItsLookupsSaw() throws Exception {
        harness.processElement1(document("c", 1, 2, 3), 0);
        harness.processElement2(match("c", 1, 0, "v1", 5), 0);
        harness.processElement2(match("c", 2, 0, "v2", 7), 0);

        assertThat(harness.extractOutputValues().get(0).tableVersion).isEqualTo("v2");
    }

    @Test
    void anIncompleteDocumentIsDeadLetteredWhenTheTimerFires() throws Exception {
        harness.setProcessingTime(1_000);
        harness.processElement1(document("d", 1, 2, 3), 0);
        harness.processElement2(match("d", 1, 0, "v1", 5), 0);

        harness.setProcessingTime(1_000 + 10_000);

        assertThat(harness.extractOutputValues()).isEmpty();
        ConcurrentLinkedQueue<StreamRecord<DeadLetter>> deadLetters =
                harness.getSideOutput(DeadLetters.TAG);
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.peek().getValue().getReason())
                .contains("id-d")
                .contains("timed out")
                .contains("1 of 2");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
