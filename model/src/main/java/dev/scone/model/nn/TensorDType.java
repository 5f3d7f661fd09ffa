package dev.scone.model.nn;

import dev.scone.model.table.Bf16;

/**
 * Element types of {@code model.safetensors} this project reads and writes. Values are always
 * handled as {@code float} in memory; BF16 halves the file by keeping the top 16 bits of each
 * float, rounded to nearest even.
 */
public enum TensorDType {
    /** IEEE 754 single precision, 4 bytes little-endian. */
    F32(4),
    /** bfloat16, 2 bytes little-endian. */
    BF16(2);

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

    /**
     * The dtype named {@code name} in a safetensors header.
     *
     * @throws IllegalArgumentException for dtypes other than F32 and BF16
     */
    static TensorDType parse(String name) {
        for (TensorDType dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        throw new IllegalArgumentException(
                "Tensor dtype " + name + " is not supported; use F32 or BF16.");
    }
}
