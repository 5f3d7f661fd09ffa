package dev.scone.flink.service.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.schemas.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private static AssembledDocument document(String id, Task task) {
        DocumentRequest request = new DocumentRequest();
        request.id = id;
        request.task = task;
        AssembledDocument document = new AssembledDocument();
        document.request = request;
        return document;
    }

    @Test
    void groupsWaitingScoreRequestsUpToTheBatchSizeAndRunsGenerationAlone() throws Exception {
        List<List<String>> scoreBatches = Collections.synchronizedList(new ArrayList<>());
        List<String> generated = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch allDone = new CountDownLatch(8);
        try (MicroBatcher<String> batcher =
                new MicroBatcher<>(
                        "test-batcher",
                        3,
                        Duration.ofMillis(50),
                        batch -> {
                            awaitQuietly(gate);
                            List<String> ids = new ArrayList<>();
                            batch.forEach(p -> ids.add(p.callback));
                            scoreBatches.add(ids);
                            batch.forEach(p -> allDone.countDown());
                        },
                        pending -> {
                            generated.add(pending.callback);
                            allDone.countDown();
                        })) {
            // The first request blocks the worker inside the model; the rest queue up behind it.
            batcher.submit(document("s0", Task.SCORE), "s0");
            Thread.sleep(100);
            for (int i = 1; i <= 5; i++) {
                batcher.submit(document("s" + i, Task.SCORE), "s" + i);
            }
            batcher.submit(document("g", Task.GENERATE), "g");
            batcher.submit(document("s6", Task.SCORE), "s6");
            gate.countDown();

            assertThat(allDone.await(10, TimeUnit.SECONDS)).isTrue();
        }
        List<String> scoredInOrder = new ArrayList<>();
        scoreBatches.forEach(scoredInOrder::addAll);
        assertThat(scoredInOrder).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6");
        assertThat(scoreBatches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 3));
        // Requests that queued while the model was busy went through in full batches.
        assertThat(scoreBatches).anySatisfy(batch -> assertThat(batch).hasSize(3));
        assertThat(generated).containsExactly("g");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
