package dev.scone.model.table;

import dev.scone.model.fgram.FgramKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Checks and byte encodings of packed f-gram keys ({@link FgramKey}) shared by the stores and the
 * table file.
 */
final class PackedKeys {

    /** Bytes of a packed key: {@code lo} then {@code hi}. */
    static final int BYTES = 2 * Long.BYTES;

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final long LENGTH_BITS = 7L << (2 * FgramKey.TOKEN_BITS);

    private PackedKeys() {}

    /**
     * Whether {@code tokens[from .. from+length)} can be packed without losing ids. A slice that
     * cannot is never held by a table, so lookups answer "absent" for it instead of failing.
     */
    static boolean isPackable(int[] tokens, int from, int length) {
        if (length < 1 || length > FgramKey.MAX_LENGTH) {
            return false;
        }
        for (int k = from; k < from + length; k++) {
            if (tokens[k] < 0 || tokens[k] > FgramKey.MAX_TOKEN_ID) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code (lo, hi)} is a key {@link FgramKey} could have produced. */
    static boolean isWellFormed(long lo, long hi) {
        int length = FgramKey.length(hi);
        if (length < 1 || length > FgramKey.MAX_LENGTH) {
            return false;
        }
        long loBits = lowBits(FgramKey.TOKEN_BITS * Math.min(length, 3));
        long hiBits = LENGTH_BITS | lowBits(FgramKey.TOKEN_BITS * Math.max(length - 3, 0));
        return (lo & ~loBits) == 0 && (hi & ~hiBits) == 0;
    }

    /** Writes the key as 16 big-endian bytes, {@code lo} first. */
    static void write(long lo, long hi, byte[] dst) {
        LONG_BE.set(dst, 0, lo);
        LONG_BE.set(dst, Long.BYTES, hi);
    }

    /** The key {@code tokens[from .. from+length)} as 16 big-endian bytes, into {@code dst}. */
    static void write(int[] tokens, int from, int length, byte[] dst) {
        write(FgramKey.lo(tokens, from, length), FgramKey.hi(tokens, from, length), dst);
    }

    /** The {@code lo} word of a key written by {@link #write(long, long, byte[])}. */
    static long lo(byte[] key) {
        return (long) LONG_BE.get(key, 0);
    }

    /** The {@code hi} word of a key written by {@link #write(long, long, byte[])}. */
    static long hi(byte[] key) {
        return (long) LONG_BE.get(key, Long.BYTES);
    }

    /** The f-gram of a key, for messages. */
    static String describe(long lo, long hi) {
        return Arrays.toString(FgramKey.unpack(lo, hi));
    }

    private static long lowBits(int count) {
        return count == 0 ? 0 : (1L << count) - 1;
    }
}
