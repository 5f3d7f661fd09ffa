package dev.scone.flink.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.matching.TableUpdate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NgramFanoutTest {

    private static final String SHIPPED = "m1+abc";
    private static final String DISCOVERED = DiscoveryVersion.of("m1");

    private BroadcastOperatorTestHarness<DocumentRequest, TableUpdate, NgramOccurrence> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                        new NgramFanout(5), NgramFanout.TABLE_KEYS);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    static DocumentRequest document(long time, int... tokens) {
        DocumentRequest request = new DocumentRequest();
        request.requestKey = new RequestKey("docs", 0, time);
        request.id = "d" + time;
        request.text = "";
        request.tokens = tokens;
        request.recordMillis = time;
        return request;
    }

    private void table(String version, int... tokens) throws Exception {
        harness.processBroadcastElement(new TableUpdate(tokens, new byte[4], version), 0);
    }

    private List<String> fanOut(int... tokens) throws Exception {
        harness.getOutput().clear();
        harness.processElement(document(7, tokens), 0);
        return harness.extractOutputValues().stream()
                .map(o -> Arrays.toString(o.tokens) + (o.discovered ? "*" : ""))
                .collect(Collectors.toList());
    }

    @Test
    void countsEveryBigramAndNoLongerNgramOfAnEmptyTable() throws Exception {
        assertThat(fanOut(1, 2, 3, 4)).containsExactly("[1, 2]", "[2, 3]", "[3, 4]");
    }

    @Test
    void countsAnNgramOnlyWhilePrefixAndSuffixAreInTheTable() throws Exception {
        table(SHIPPED, 1, 2);
        assertThat(fanOut(1, 2, 3)).containsExactly("[2, 3]");

        table(DISCOVERED, 2, 3);
        // [1, 2] is shipped (not counted), [2, 3] discovered (counted for its heat), and the
        // trigram has both its prefix and its suffix in the table.
        assertThat(fanOut(1, 2, 3)).containsExactly("[2, 3]*", "[1, 2, 3]");

        harness.processBroadcastElement(new TableUpdate(new int[] {2, 3}, null, ""), 0);
        assertThat(fanOut(1, 2, 3)).containsExactly("[2, 3]");
    }

    @Test
    void takesTheRecordTimeOfTheDocument() throws Exception {
        harness.processElement(document(1234, 5, 6), 0);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(o -> o.timeMillis)
                .isEqualTo(1234L);
    }

    @Test
    void stopsAtK() throws Exception {
        table(SHIPPED, 1, 2);
        table(SHIPPED, 2, 3);
        table(SHIPPED, 3, 4);
        table(SHIPPED, 4, 5);
        table(SHIPPED, 5, 6);
        table(SHIPPED, 1, 2, 3);
        table(SHIPPED, 2, 3, 4);
        table(SHIPPED, 3, 4, 5);
        table(SHIPPED, 4, 5, 6);
        table(SHIPPED, 1, 2, 3, 4);
        table(SHIPPED, 2, 3, 4, 5);
        table(SHIPPED, 3, 4, 5, 6);
        table(SHIPPED, 1, 2, 3, 4, 5);
        table(SHIPPED, 2, 3, 4, 5, 6);
        // Every 2..5-gram is shipped; the 6-gram is longer than K.
        assertThat(fanOut(1, 2, 3, 4, 5, 6)).isEmpty();
    }
}
