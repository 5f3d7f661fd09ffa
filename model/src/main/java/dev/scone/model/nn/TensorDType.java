package dev.scone.model.nn;

import dev.scone.model.table.Bf16;

/**
 * Element types of {@code model.safetensors} this project reads and writes. Values are always
 * handled as {@code float} in memory; BF16 halves the file by keeping the top 16 bits of each
 * float, rounded to nearest even; F16 (IEEE half precision, as many published checkpoints are
 * stored) keeps more mantissa and less range.
 */
public enum TensorDType {
    /** IEEE 754 single precision, 4 bytes little-endian. */
    F32(4),
    /** bfloat16, 2 bytes little-endian. */
    BF16(2),
    /** IEEE 754 half precision, 2 bytes little-endian. */
    F16(2);

    private final int bytes;

    TensorDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The bfloat16 nearest to {@code value} (ties to even); NaN stays NaN. */
    static short toBf16(float value) {
        return Bf16.toBf16(value);
    }

    /** The float a bfloat16 stands for, exactly. */
    static float fromBf16(short value) {
        return Bf16.toFloat(value);
    }

    /** The float an IEEE half-precision value stands for, exactly. */
    static float fromF16(short value) {
        int bits = value & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * The IEEE half-precision value nearest to {@code value} (ties to even); too large a magnitude
     * becomes infinity, NaN stays NaN.
     */
    static short toF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
        }
        int halfExponent = exponent - 112;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            // Subnormal half (or zero): shift the full 24-bit mantissa into place, rounding.
            if (halfExponent < -10) {
                return (short) sign;
            }
            int full = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            int half = full >>> shift;
            int rest = full & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (halfExponent << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, up to infinity, which is right
        }
        return (short) (sign | half);
    }

    /** The float a 2-byte value of this dtype stands for. */
    float fromHalf(short value) {
        return this == F16 ? fromF16(value) : fromBf16(value);
    }

    /** The 2-byte value of this dtype nearest to {@code value}. */
    short toHalf(float value) {
        return this == F16 ? toF16(value) : toBf16(value);
    }

    /**
     * The dtype named {@code name} in a safetensors header.
     *
     * @throws IllegalArgumentException for dtypes other than F32, BF16 and F16
     */
    static TensorDType parse(String name) {
        for (TensorDType dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        throw new IllegalArgumentException(
                "Tensor dtype " + name + " is not supported; use F32, F16 or BF16.");
    }
}
