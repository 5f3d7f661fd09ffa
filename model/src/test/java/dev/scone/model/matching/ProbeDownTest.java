package dev.scone.model.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbeDownTest {

    @Test
    void theLongestHeldLengthWinsAndShorterOnesAreNotProbed() {
        List<Integer> probed = new ArrayList<>();
        int length =
                ProbeDown.longestHeld(
                        5,
                        n -> {
                            probed.add(n);
                            return Set.of(2, 3).contains(n);
                        });
        assertThat(length).isEqualTo(3);
        assertThat(probed).containsExactly(5, 4, 3);
    }

    @Test
    void aTableThatIsNotSuffixClosedStillGivesTheLongestHeld() {
        // Holds the 4-gram but not its 3-gram suffix, as a replayed changelog briefly may.
        assertThat(ProbeDown.longestHeld(5, n -> n == 4 || n == 2)).isEqualTo(4);
    }

    @Test
    void nothingHeldOrNoRoomForABigramIsZero() {
        assertThat(ProbeDown.longestHeld(5, n -> false)).isZero();
        List<Integer> probed = new ArrayList<>();
        assertThat(ProbeDown.longestHeld(1, n -> probed.add(n))).isZero();
        assertThat(probed).isEmpty();
    }
}
