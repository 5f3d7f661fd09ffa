package dev.scone.flink.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.table.Bf16;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FgramEmbedderTest {

    /**
     * Batch sizes the fake model saw, shared because the factory is serialised into the harness.
     */
    static final List<Integer> BATCHES = new ArrayList<>();

    /** A 2-dim "embedding": the f-gram's first token and its length. */
    static final class FakeModels implements FgramEmbeddingModelFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public FgramEmbeddingModel open() {
            return new FgramEmbeddingModel() {
                @Override
                public float[][] embed(int[][] fgrams) {
                    BATCHES.add(fgrams.length);
                    float[][] vectors = new float[fgrams.length][];
                    for (int i = 0; i < fgrams.length; i++) {
                        vectors[i] = new float[] {fgrams[i][0], fgrams[i].length};
                    }
                    return vectors;
                }

                @Override
                public void close() {}
            };
        }
    }

    private OneInputStreamOperatorTestHarness<DiscoveryEvent, DiscoveryEvent> harness;

    @BeforeEach
    void openHarness() throws Exception {
        BATCHES.clear();
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new FgramEmbedder(
                                new EmbeddingSettings(3, Duration.ofMillis(100), 0),
                                new FakeModels()));
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void admit(int... tokens) throws Exception {
        harness.processElement(new DiscoveryEvent(DiscoveryEvent.ADMIT, tokens, 5, 0), 0);
    }

    private void heat(int... tokens) throws Exception {
        harness.processElement(new DiscoveryEvent(DiscoveryEvent.HEAT, tokens, 5, 0), 0);
    }

    @Test
    void embedsAFullBatchInOnePassAndKeepsTheOrder() throws Exception {
        admit(1, 2);
        heat(9, 9);
        assertThat(harness.extractOutputValues()).isEmpty();
        admit(3, 4, 5);

        List<DiscoveryEvent> out = harness.extractOutputValues();
        assertThat(out).extracting(e -> e.tokens[0]).containsExactly(1, 9, 3);
        assertThat(BATCHES).containsExactly(2);
        assertThat(Bf16.decode(out.get(0).vector))
                .containsExactly(Bf16.toBf16(1f), Bf16.toBf16(2f));
        assertThat(Bf16.decode(out.get(2).vector))
                .containsExactly(Bf16.toBf16(3f), Bf16.toBf16(3f));
        assertThat(out.get(1).vector).isNull();
    }

    @Test
    void aPartialBatchLeavesAfterTheLongestWait() throws Exception {
        admit(1, 2);
        harness.setProcessingTime(99);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(100);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(BATCHES).containsExactly(1);
    }

    @Test
    void nothingWaitsAcrossACheckpoint() throws Exception {
        admit(1, 2);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(harness.extractOutputValues()).hasSize(1);
        // Nothing was buffered when the snapshot was taken, so a restore has nothing to redo.
        harness.snapshot(1, 1);
    }

    @Test
    void heatAloneRunsNoForwardPass() throws Exception {
        heat(1, 2);
        heat(3, 4);
        heat(5, 6);
        assertThat(harness.extractOutputValues()).hasSize(3);
        assertThat(BATCHES).isEmpty();
    }
}
