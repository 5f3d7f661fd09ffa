package dev.scone.model.nn;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the safetensors format: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to {@code {dtype, shape, data_offsets}} (plus optional string {@code __metadata__}),
 * padded with spaces to a multiple of 8 bytes, then every tensor's raw little-endian data back to
 * back in header order.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK_ELEMENTS = 1 << 18;

    private SafetensorsWriter() {}

    /** A tensor to write: its name, shape and (fetched only while writing) values. */
    public record Entry(String name, long[] shape) {}

    /**
     * Writes {@code entries} to {@code file}, replacing it.
     *
     * @param values gives each entry's values, row-major, when its turn to be written comes, so
     *     only one tensor is copied out at a time
     * @param metadata free-form strings stored under {@code __metadata__}
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if a tensor's values do not match its shape
     */
    public static void write(
            Path file,
            List<Entry> entries,
            Function<String, float[]> values,
            TensorDType dtype,
            Map<String, String> metadata)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Entry entry : entries) {
            long elements = 1;
            for (long dimension : entry.shape()) {
                elements *= dimension;
            }
            long end = offset + elements * dtype.bytes();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", dtype.name());
            info.put("shape", entry.shape());
            info.put("data_offsets", new long[] {offset, end});
            header.put(entry.name(), info);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();
        try (FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            writeFully(channel, prefix);
            ByteBuffer chunk =
                    ByteBuffer.allocateDirect(CHUNK_ELEMENTS * dtype.bytes())
                            .order(ByteOrder.LITTLE_ENDIAN);
            for (Entry entry : entries) {
                float[] data = values.apply(entry.name());
                long expected = 1;
                for (long dimension : entry.shape()) {
                    expected *= dimension;
                }
                if (data.length != expected) {
                    throw new IllegalArgumentException(
                            "Tensor "
                                    + entry.name()
                                    + " has "
                                    + data.length
                                    + " values but its shape holds "
                                    + expected
                                    + ".");
                }
                writeValues(channel, chunk, data, dtype);
            }
        }
    }

    private static void writeValues(
            FileChannel channel, ByteBuffer chunk, float[] data, TensorDType dtype)
            throws IOException {
        for (int start = 0; start < data.length; start += CHUNK_ELEMENTS) {
            int end = Math.min(data.length, start + CHUNK_ELEMENTS);
            chunk.clear();
            for (int i = start; i < end; i++) {
                if (dtype == TensorDType.F32) {
                    chunk.putFloat(data[i]);
                } else {
                    chunk.putShort(dtype.toHalf(data[i]));
                }
            }
            chunk.flip();
            writeFully(channel, chunk);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
