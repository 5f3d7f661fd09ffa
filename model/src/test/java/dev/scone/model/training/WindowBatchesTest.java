package dev.scone.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.nn.TrainingBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowBatchesTest {

    /** Windows whose first token is their index, so batches show which windows they hold. */
    private static List<TrainingWindow> windows(int count) {
        List<TrainingWindow> windows = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            windows.add(new TrainingWindow(new int[] {w, w + 1}, new int[] {0, 0}));
        }
        return windows;
    }

    private static List<Integer> firstTokens(TrainingBatch batch) {
        List<Integer> ids = new ArrayList<>();
        for (int[] window : batch.tokens()) {
            ids.add(window[0]);
        }
        return ids;
    }

    @Test
    void anEpochVisitsEveryWindowOnceInShuffledOrder() {
        WindowBatches batches = new WindowBatches(windows(12), 4, 5L, 0);
        assertThat(batches.batchesPerEpoch()).isEqualTo(3);

        List<Integer> seen = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            TrainingBatch batch = batches.next();
            assertThat(batch.tokens()).hasNumberOfRows(4);
            assertThat(batch.matchLengths()).hasNumberOfRows(4);
            seen.addAll(firstTokens(batch));
        }

        assertThat(new HashSet<>(seen)).hasSize(12);
        assertThat(seen).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
    }

    @Test
    void epochsAreShuffledDifferently() {
        WindowBatches batches = new WindowBatches(windows(12), 12, 5L, 0);
        assertThat(firstTokens(batches.next())).isNotEqualTo(firstTokens(batches.next()));
    }

    @Test
    void aResumedStreamContinuesWithTheSameBatches() {
        WindowBatches original = new WindowBatches(windows(10), 3, 9L, 0);
        List<List<Integer>> all = new ArrayList<>();
        for (int step = 0; step < 8; step++) {
            all.add(firstTokens(original.next()));
        }

        WindowBatches resumed = new WindowBatches(windows(10), 3, 9L, 5);

        for (int step = 5; step < 8; step++) {
            assertThat(firstTokens(resumed.next())).isEqualTo(all.get(step));
        }
    }

    @Test
    void fewerWindowsThanTheBatchSizeMakeOneBatchOfAll() {
        WindowBatches batches = new WindowBatches(windows(3), 8, 1L, 0);
        assertThat(batches.batchSize()).isEqualTo(3);
        Set<Integer> ids = new HashSet<>(firstTokens(batches.next()));
        assertThat(ids).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void baselineWindowsGiveBatchesWithoutMatchLengths() {
        List<TrainingWindow> windows = List.of(new TrainingWindow(new int[] {1, 2}, null));
        assertThat(new WindowBatches(windows, 1, 1L, 0).next().matchLengths()).isNull();
    }
}
