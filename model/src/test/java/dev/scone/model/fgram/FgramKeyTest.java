package dev.scone.model.fgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FgramKeyTest {

    @Test
    void packsAndUnpacksEveryLength() {
        Random random = new Random(21);
        for (int trial = 0; trial < 1_000; trial++) {
            int[] gram = new int[1 + random.nextInt(FgramKey.MAX_LENGTH)];
            for (int k = 0; k < gram.length; k++) {
                gram[k] = random.nextInt(FgramKey.MAX_TOKEN_ID + 1);
            }
            long lo = FgramKey.lo(gram, 0, gram.length);
            long hi = FgramKey.hi(gram, 0, gram.length);

            assertThat(hi).isNotZero();
            assertThat(FgramKey.length(hi)).isEqualTo(gram.length);
            assertThat(FgramKey.unpack(lo, hi)).containsExactly(gram);
        }
    }

    @Test
    void packsASliceLikeTheSameGramOnItsOwn() {
        int[] document = {7, 50_256, 1, 2, 3, 9};
        int[] gram = {50_256, 1, 2, 3};

        assertThat(FgramKey.lo(document, 1, 4)).isEqualTo(FgramKey.lo(gram, 0, 4));
        assertThat(FgramKey.hi(document, 1, 4)).isEqualTo(FgramKey.hi(gram, 0, 4));
    }

    @Test
    void distinguishesAGramFromItsZeroPaddedExtension() {
        int[] shorter = {5, 6};
        int[] padded = {5, 6, 0};

        assertThat(FgramKey.lo(shorter, 0, 2)).isEqualTo(FgramKey.lo(padded, 0, 3));
        assertThat(FgramKey.hi(shorter, 0, 2)).isNotEqualTo(FgramKey.hi(padded, 0, 3));
    }

    @Test
    void hashesSpreadSimilarKeys() {
        Set<Long> lowBits = new HashSet<>();
        for (int token = 0; token < 1_024; token++) {
            int[] gram = {token, token + 1};
            long hash = FgramKey.hash(FgramKey.lo(gram, 0, 2), FgramKey.hi(gram, 0, 2));
            lowBits.add(hash & 1_023);
        }
        // Consecutive ids must not pile into a few slots of a 1,024-slot table.
        assertThat(lowBits.size()).isGreaterThan(550);
    }

    @Test
    void rejectsWhatCannotBePacked() {
        assertThatThrownBy(() -> FgramKey.validate(new int[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An f-gram has 1 to 5 tokens, not 6: [0, 0, 0, 0, 0, 0].");
        assertThatThrownBy(() -> FgramKey.validate(new int[] {1, FgramKey.MAX_TOKEN_ID + 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Token id 2097152 is outside 0..2097151.");
        assertThatThrownBy(() -> FgramKey.validate(new int[] {-1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortPackingsTellEveryCountAndIdApart() {
        int[] tokens = {0, 0, 0, 7, FgramKey.MAX_TOKEN_ID - 1};
        Set<Long> keys = new HashSet<>();
        for (int from = 0; from < tokens.length; from++) {
            for (int count = 0; count <= Math.min(3, tokens.length - from); count++) {
                int[] gram = java.util.Arrays.copyOfRange(tokens, from, from + count);
                long key = FgramKey.packShort(tokens, from, count);
                long again = FgramKey.packShort(gram, 0, count);
                assertThat(again).isEqualTo(key);
                keys.add(key);
            }
        }
        // The distinct sequences: (), (0), (0,0), (0,0,0), (0,0,7), (0,7), (0,7,max-1), (7),
        // (7,max-1), (max-1).
        assertThat(keys).hasSize(10).allSatisfy(key -> assertThat(key).isNotNegative());
    }

    @Test
    void theLongestLengthIsCheckedInOnePlaceAndNamedByTheCaller() {
        assertThat(FgramKey.requireMaxLength(5, FgramKey.LONGEST_LENGTH)).isEqualTo(5);
        assertThat(FgramKey.requireMaxLength(2, "K")).isEqualTo(2);
        assertThatThrownBy(() -> FgramKey.requireMaxLength(6, FgramKey.LONGEST_LENGTH))
                .hasMessage("The longest f-gram length K must be between 2 and 5, not 6.");
        assertThatThrownBy(() -> FgramKey.requireMaxLength(1, "maxFgramLength"))
                .hasMessage("maxFgramLength must be between 2 and 5, not 1.");
    }
}
