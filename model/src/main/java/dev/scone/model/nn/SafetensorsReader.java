package dev.scone.model.nn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads files in the safetensors format written by {@link SafetensorsWriter} (or any writer using
 * F32, F16 or BF16, such as a Hugging Face {@code save_pretrained}). The header is parsed and
 * checked on open; tensor data is read on demand, one tensor at a time, and returned as floats.
 */
public final class SafetensorsReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsReader(
            Path file,
            FileChannel channel,
            long dataStart,
            Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens {@code file} and checks its header.
     *
     * @throws IOException if the file cannot be read or is not a valid safetensors file
     */
    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            ByteBuffer lengthBytes = readAt(channel, 0, 8, file);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
                throw new IOException(
                        file + " is not a safetensors file: its header length is invalid.");
            }
            ByteBuffer headerBytes = readAt(channel, 8, (int) headerLength, file);
            byte[] json = new byte[(int) headerLength];
            headerBytes.get(json);
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = parseHeader(json, size - dataStart, metadata, file);
            return new SafetensorsReader(
                    file,
                    channel,
                    dataStart,
                    Collections.unmodifiableMap(tensors),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Map<String, TensorInfo> parseHeader(
            byte[] json, long dataBytes, Map<String, String> metadata, Path file)
            throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a safetensors file: its header is not JSON.", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(
                    file + " is not a safetensors file: its header is not a JSON object.");
        }
        List<TensorInfo> infos = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue()
                        .fields()
                        .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            infos.add(parseEntry(field.getKey(), field.getValue(), dataBytes, file));
        }
        infos.sort(Comparator.comparingLong(TensorInfo::begin));
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (TensorInfo info : infos) {
            tensors.put(info.name(), info);
        }
        return tensors;
    }

    private static TensorInfo parseEntry(String name, JsonNode node, long dataBytes, Path file)
            throws IOException {
        JsonNode shapeNode = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        JsonNode dtypeNode = node.get("dtype");
        if (shapeNode == null
                || !shapeNode.isArray()
                || offsets == null
                || offsets.size() != 2
                || dtypeNode == null) {
            throw new IOException(file + " has a malformed header entry for tensor " + name + ".");
        }
        TensorDType dtype;
        try {
            dtype = TensorDType.parse(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": tensor " + name + ": " + e.getMessage(), e);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        TensorInfo info =
                new TensorInfo(
                        name, dtype, shape, offsets.get(0).asLong(), offsets.get(1).asLong());
        if (info.begin() < 0
                || info.end() > dataBytes
                || info.end() - info.begin() != info.elements() * dtype.bytes()) {
            throw new IOException(
                    file
                            + " is damaged: the data offsets of tensor "
                            + name
                            + " do not match its shape or the file size.");
        }
        return info;
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length, Path file)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException(file + " ends early; it is truncated.");
            }
        }
        buffer.flip();
        return buffer;
    }

    /** The tensors, in the order their data appears in the file. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The strings stored under {@code __metadata__}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * A tensor's values as floats, row-major.
     *
     * @throws IllegalArgumentException if the file holds no tensor called {@code name}
     * @throws IOException if reading fails
     */
    public float[] readFloats(String name) throws IOException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException(file + " holds no tensor called " + name + ".");
        }
        long elements = info.elements();
        if (elements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "Tensor " + name + " has too many elements to read into one array.");
        }
        float[] values = new float[(int) elements];
        int chunkElements = 1 << 18;
        int bytes = info.dtype().bytes();
        for (int start = 0; start < values.length; start += chunkElements) {
            int count = Math.min(chunkElements, values.length - start);
            ByteBuffer chunk =
                    readAt(
                                    channel,
                                    dataStart + info.begin() + (long) start * bytes,
                                    count * bytes,
                                    file)
                            .order(ByteOrder.LITTLE_ENDIAN);
            TensorDType dtype = info.dtype();
            if (dtype == TensorDType.F32) {
                chunk.asFloatBuffer().get(values, start, count);
            } else {
                for (int i = 0; i < count; i++) {
                    values[start + i] = dtype.fromHalf(chunk.getShort());
                }
            }
        }
        return values;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
