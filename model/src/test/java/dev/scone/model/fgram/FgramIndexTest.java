package dev.scone.model.fgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FgramIndexTest {

    @Test
    void numbersKeysInInsertionOrderAndKeepsThemThroughGrowth() {
        FgramIndex index = new FgramIndex(2);
        Random random = new Random(31);
        List<int[]> grams = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int[] gram = {i, random.nextInt(50_257), random.nextInt(50_257)};
            grams.add(gram);
            assertThat(index.add(gram)).isEqualTo(i);
        }

        assertThat(index.size()).isEqualTo(5_000);
        for (int i = 0; i < grams.size(); i++) {
            assertThat(index.row(grams.get(i), 0, 3)).isEqualTo(i);
        }
        assertThat(index.memoryBytes()).isPositive();
    }

    @Test
    void returnsTheExistingRowForAKeyAddedAgain() {
        FgramIndex index = new FgramIndex(4);
        index.add(new int[] {1, 2});
        index.add(new int[] {3, 4});

        assertThat(index.add(new int[] {1, 2})).isZero();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void missesKeysItDoesNotHold() {
        FgramIndex index = new FgramIndex(4);
        index.add(new int[] {1, 2, 3});
        int[] document = {9, 1, 2, 3, 4};

        assertThat(index.contains(document, 1, 3)).isTrue();
        assertThat(index.contains(document, 1, 2)).isFalse();
        assertThat(index.contains(document, 2, 3)).isFalse();
        assertThat(index.contains(document, 1, 0)).isFalse();
        assertThat(index.row(document, 0, 4)).isEqualTo(-1);
    }

    @Test
    void refusesSizesBeyondWhatArraysAllow() {
        assertThatThrownBy(() -> new FgramIndex(FgramIndex.MAX_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + FgramIndex.MAX_SIZE);
    }
}
