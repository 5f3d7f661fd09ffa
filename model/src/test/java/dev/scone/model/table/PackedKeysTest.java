package dev.scone.model.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.model.fgram.FgramKey;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PackedKeysTest {

    @Test
    void keyBytesAreLoThenHiBigEndian() {
        int[] gram = {1, 2, 3, 4, 5};
        byte[] key = new byte[PackedKeys.BYTES];
        PackedKeys.write(gram, 0, gram.length, key);
        ByteBuffer bigEndian = ByteBuffer.wrap(key);

        assertThat(bigEndian.getLong()).isEqualTo(FgramKey.lo(gram, 0, gram.length));
        assertThat(bigEndian.getLong()).isEqualTo(FgramKey.hi(gram, 0, gram.length));
        assertThat(PackedKeys.lo(key)).isEqualTo(FgramKey.lo(gram, 0, gram.length));
        assertThat(PackedKeys.hi(key)).isEqualTo(FgramKey.hi(gram, 0, gram.length));
    }

    @Test
    void everyPackedGramIsWellFormed() {
        RandomEntries random = new RandomEntries(41);
        for (int i = 0; i < 1_000; i++) {
            int[] gram = random.gram();
            long lo = FgramKey.lo(gram, 0, gram.length);
            long hi = FgramKey.hi(gram, 0, gram.length);
            assertThat(PackedKeys.isWellFormed(lo, hi)).isTrue();
        }
        int[] longest = {FgramKey.MAX_TOKEN_ID, 0, 7, FgramKey.MAX_TOKEN_ID, FgramKey.MAX_TOKEN_ID};
        assertThat(PackedKeys.isWellFormed(FgramKey.lo(longest, 0, 5), FgramKey.hi(longest, 0, 5)))
                .isTrue();
    }

    @Test
    void strayBitsOrBadLengthsAreMalformed() {
        int[] gram = {9, 8};
        long lo = FgramKey.lo(gram, 0, 2);
        long hi = FgramKey.hi(gram, 0, 2);

        assertThat(PackedKeys.isWellFormed(lo | 1L << 50, hi)).isFalse();
        assertThat(PackedKeys.isWellFormed(lo, hi | 1)).isFalse();
        assertThat(PackedKeys.isWellFormed(lo, 0)).isFalse();
        assertThat(PackedKeys.isWellFormed(lo, 6L << 42)).isFalse();
        assertThat(PackedKeys.isWellFormed(lo, hi | 1L << 60)).isFalse();
    }

    @Test
    void onlySlicesOfOneToFiveIdsInRangeArePackable() {
        int[] tokens = {1, 2, 3, 4, 5, 6, -1, FgramKey.MAX_TOKEN_ID + 1};

        assertThat(PackedKeys.isPackable(tokens, 0, 5)).isTrue();
        assertThat(PackedKeys.isPackable(tokens, 0, 1)).isTrue();
        assertThat(PackedKeys.isPackable(tokens, 0, 6)).isFalse();
        assertThat(PackedKeys.isPackable(tokens, 0, 0)).isFalse();
        assertThat(PackedKeys.isPackable(tokens, 5, 2)).isFalse();
        assertThat(PackedKeys.isPackable(tokens, 7, 1)).isFalse();
    }
}
