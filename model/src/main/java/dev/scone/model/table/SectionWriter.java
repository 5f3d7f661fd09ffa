package dev.scone.model.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Buffered little-endian writes to one section of a table file. Writes are positional, so the keys
 * and the matrix can be written side by side in one pass over a table.
 */
final class SectionWriter {

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long position;

    SectionWriter(FileChannel channel, long start, int bufferBytes) {
        this.channel = channel;
        this.position = start;
        this.buffer = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    void writeLong(long value) throws IOException {
        reserve(Long.BYTES);
        buffer.putLong(value);
    }

    void writeShorts(short[] src, int offset, int length) throws IOException {
        for (int k = 0; k < length; k++) {
            reserve(Short.BYTES);
            buffer.putShort(src[offset + k]);
        }
    }

    /** Writes out what is buffered. */
    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        buffer.clear();
    }

    private void reserve(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }
}
