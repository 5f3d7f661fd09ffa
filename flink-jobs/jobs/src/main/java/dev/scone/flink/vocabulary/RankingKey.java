package dev.scone.flink.vocabulary;

import dev.scone.model.fgram.FgramKey;
import dev.scone.model.fgram.FgramRanking;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * A sort key whose ascending order is {@link FgramRanking}'s order, so that Flink's external
 * (spilling) sort can rank f-grams: fixed-width lowercase hex of {@code Long.MAX_VALUE - count} (16
 * digits, so a higher count sorts first), the length (1 digit), then each of the five token slots
 * (6 digits each, unused slots zero), so that comparing keys compares the ids lexicographically.
 *
 * <p>One string rather than a tuple because Flink's {@code sortPartition} with a key selector
 * compares only the first field of a composite key.
 */
final class RankingKey implements KeySelector<PackedFgramCount, String> {

    /** Hex digits of one token id. */
    private static final int TOKEN_DIGITS = (FgramKey.TOKEN_BITS + 3) / 4;

    /** Characters in a key: count, length, token slots. */
    static final int KEY_LENGTH = 16 + 1 + FgramKey.MAX_LENGTH * TOKEN_DIGITS;

    private static final long serialVersionUID = 1L;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public String getKey(PackedFgramCount record) {
        char[] key = new char[KEY_LENGTH];
        int at = putHex(key, 0, Long.MAX_VALUE - record.count, 16);
        at = putHex(key, at, record.length(), 1);
        int[] gram = record.gram();
        for (int k = 0; k < FgramKey.MAX_LENGTH; k++) {
            at = putHex(key, at, k < gram.length ? gram[k] : 0, TOKEN_DIGITS);
        }
        return new String(key);
    }

    private static int putHex(char[] key, int at, long value, int digits) {
        for (int d = digits - 1; d >= 0; d--) {
            key[at + d] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return at + digits;
    }
}
