package dev.scone.model.nn;

import java.util.Arrays;

/**
 * One entry of a safetensors header.
 *
 * @param name tensor name
 * @param dtype element type
 * @param shape dimensions, outermost first
 * @param begin first byte of the data, relative to the end of the header
 * @param end one past the last byte of the data, relative to the end of the header
 */
public record TensorInfo(String name, TensorDType dtype, long[] shape, long begin, long end) {

    /** Number of elements the shape holds. */
    public long elements() {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that
                && name.equals(that.name)
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && begin == that.begin
                && end == that.end;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
