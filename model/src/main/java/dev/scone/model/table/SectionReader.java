package dev.scone.model.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Buffered little-endian reads of one section of a table file. Reads are positional, so the keys
 * and the matrix of one file can be read side by side through the same channel.
 */
final class SectionReader {

    private final FileChannel channel;
    private final Path file;
    private final ByteBuffer buffer;
    private final long end;
    private long position;

    SectionReader(FileChannel channel, Path file, long start, long end, int bufferBytes) {
        this.channel = channel;
        this.file = file;
        this.position = start;
        this.end = end;
        this.buffer = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.limit(0);
    }

    long readLong() throws IOException {
        require(Long.BYTES);
        return buffer.getLong();
    }

    void readBytes(byte[] dst, int offset, int length) throws IOException {
        while (length > 0) {
            require(1);
            int n = Math.min(length, buffer.remaining());
            buffer.get(dst, offset, n);
            offset += n;
            length -= n;
        }
    }

    void readShorts(short[] dst, int offset, int length) throws IOException {
        while (length > 0) {
            require(Short.BYTES);
            int n = Math.min(length, buffer.remaining() / Short.BYTES);
            buffer.asShortBuffer().get(dst, offset, n);
            buffer.position(buffer.position() + n * Short.BYTES);
            offset += n;
            length -= n;
        }
    }

    private void require(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return;
        }
        buffer.compact();
        while (buffer.position() < bytes) {
            long left = end - position;
            if (left <= 0) {
                throw TableFileException.truncated(file);
            }
            buffer.limit(buffer.position() + (int) Math.min(buffer.remaining(), left));
            int read = channel.read(buffer, position);
            buffer.limit(buffer.capacity());
            if (read < 0) {
                throw TableFileException.truncated(file);
            }
            position += read;
        }
        buffer.flip();
    }
}
