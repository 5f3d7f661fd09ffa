package dev.scone.model.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Conversions between float and bfloat16, the 16-bit format the tables store: the top half of an
 * IEEE float (sign, 8-bit exponent, 7-bit mantissa), so it keeps the float's range at about three
 * significant decimal digits. A bf16 value travels as a {@code short} holding its raw bits.
 *
 * <p>Rounding is to nearest, ties to even; NaN stays NaN (with its sign and top payload bits). Byte
 * encodings are little-endian, as on the {@code scone.fgram-table} topic and in table files.
 */
public final class Bf16 {

    /** Bytes per bf16 value. */
    public static final int BYTES = 2;

    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int QUIET_NAN_BIT = 0x0040;

    private Bf16() {}

    /** The bf16 value nearest to {@code value}, ties to even. */
    public static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            // Truncating a NaN whose payload sits only in the low 16 bits would make infinity.
            return (short) ((bits >>> 16) | QUIET_NAN_BIT);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /** The float a bf16 value stands for (exact: every bf16 value is a float). */
    public static float toFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    /** Converts {@code n} floats from {@code src[srcOffset..]} into {@code dst[dstOffset..]}. */
    public static void toBf16(float[] src, int srcOffset, short[] dst, int dstOffset, int n) {
        for (int k = 0; k < n; k++) {
            dst[dstOffset + k] = toBf16(src[srcOffset + k]);
        }
    }

    /**
     * Converts {@code n} bf16 values from {@code src[srcOffset..]} into {@code dst[dstOffset..]}.
     */
    public static void toFloat(short[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        for (int k = 0; k < n; k++) {
            dst[dstOffset + k] = toFloat(src[srcOffset + k]);
        }
    }

    /** A new bf16 vector holding {@code vector} rounded. */
    public static short[] toBf16(float[] vector) {
        short[] result = new short[vector.length];
        toBf16(vector, 0, result, 0, vector.length);
        return result;
    }

    /** A new float vector holding the values of a bf16 vector. */
    public static float[] toFloat(short[] vector) {
        float[] result = new float[vector.length];
        toFloat(vector, 0, result, 0, vector.length);
        return result;
    }

    /**
     * Writes {@code n} bf16 values as little-endian bytes, two per value, at {@code
     * dst[dstOffset]}.
     */
    public static void encode(short[] src, int srcOffset, byte[] dst, int dstOffset, int n) {
        for (int k = 0; k < n; k++) {
            SHORT_LE.set(dst, dstOffset + k * BYTES, src[srcOffset + k]);
        }
    }

    /** The little-endian bytes of a bf16 vector. */
    public static byte[] encode(short[] vector) {
        byte[] bytes = new byte[vector.length * BYTES];
        encode(vector, 0, bytes, 0, vector.length);
        return bytes;
    }

    /** The little-endian bf16 bytes of a float vector, each value rounded to bf16. */
    public static byte[] encodeFloats(float[] vector) {
        byte[] bytes = new byte[vector.length * BYTES];
        for (int k = 0; k < vector.length; k++) {
            SHORT_LE.set(bytes, k * BYTES, toBf16(vector[k]));
        }
        return bytes;
    }

    /** Reads {@code n} little-endian bf16 values from {@code src[srcOffset..]}. */
    public static void decode(byte[] src, int srcOffset, short[] dst, int dstOffset, int n) {
        for (int k = 0; k < n; k++) {
            dst[dstOffset + k] = (short) SHORT_LE.get(src, srcOffset + k * BYTES);
        }
    }

    /**
     * The bf16 vector in little-endian {@code bytes}.
     *
     * @throws IllegalArgumentException when the byte count is odd
     */
    public static short[] decode(byte[] bytes) {
        short[] vector = new short[valueCount(bytes.length)];
        decode(bytes, 0, vector, 0, vector.length);
        return vector;
    }

    /**
     * The bf16 vector in the remaining bytes of {@code buffer}, read little-endian whatever the
     * buffer's own byte order; the buffer's position is left unchanged.
     *
     * @throws IllegalArgumentException when the byte count is odd
     */
    public static short[] decode(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        short[] vector = new short[valueCount(view.remaining())];
        for (int k = 0; k < vector.length; k++) {
            vector[k] = view.getShort();
        }
        return vector;
    }

    /** Reads {@code n} little-endian bf16 values from {@code src[srcOffset..]} as floats. */
    public static void decodeToFloat(byte[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        for (int k = 0; k < n; k++) {
            dst[dstOffset + k] = toFloat((short) SHORT_LE.get(src, srcOffset + k * BYTES));
        }
    }

    private static int valueCount(int byteCount) {
        if (byteCount % BYTES != 0) {
            throw new IllegalArgumentException(
                    "A bf16 vector has an even number of bytes, not " + byteCount + ".");
        }
        return byteCount / BYTES;
    }
}
