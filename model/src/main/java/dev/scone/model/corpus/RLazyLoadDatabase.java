package dev.scone.model.corpus;

import dev.scone.model.corpus.RSerialization.RObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * An R lazy-load database, the {@code NAME.rdx} index and {@code NAME.rdb} value file an installed
 * R package keeps its data in. The index is a serialized list whose {@code variables} element maps
 * each variable's name to its block in the value file as {@code c(offset, length)}. A block is a
 * 4-byte big-endian uncompressed length followed by a zlib stream (or, in databases compressed with
 * something other than zlib, by a type byte: {@code Z} zlib, {@code 0} stored); the stream holds
 * the variable serialized ({@link RSerialization}).
 */
public final class RLazyLoadDatabase {

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int ZLIB_FIRST_BYTE = 0x78;
    private static final int LENGTH_PREFIX = 4;

    private final Path rdb;
    private final List<String> names;
    private final List<int[]> blocks;

    private RLazyLoadDatabase(Path rdb, List<String> names, List<int[]> blocks) {
        this.rdb = rdb;
        this.names = names;
        this.blocks = blocks;
    }

    /**
     * Opens the database whose index is {@code rdx}; the value file is its {@code .rdb} sibling.
     */
    public static RLazyLoadDatabase open(Path rdx) throws IOException {
        String fileName = rdx.getFileName().toString();
        if (!fileName.endsWith(".rdx")) {
            throw new IOException(rdx + " is not an R lazy-load index (NAME.rdx).");
        }
        Path rdb = rdx.resolveSibling(fileName.substring(0, fileName.length() - 4) + ".rdb");
        RObject index = RSerialization.read(readIndexBytes(rdx));
        RObject variables = index.element("variables");
        if (variables == null) {
            throw new IOException(rdx + " holds no 'variables' list; it is not a lazy-load index.");
        }
        List<String> names = variables.names();
        List<RObject> entries = variables.elements();
        List<int[]> blocks = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            int[] block = entries.get(i).ints();
            if (block.length != 2 || block[0] < 0 || block[1] < LENGTH_PREFIX) {
                throw new IOException(
                        rdx + ": variable '" + names.get(i) + "' has no valid (offset, length).");
            }
            blocks.add(block);
        }
        return new RLazyLoadDatabase(rdb, List.copyOf(names), Collections.unmodifiableList(blocks));
    }

    /** The variables' names, in index order. */
    public List<String> names() {
        return names;
    }

    /** The value of variable {@code name}. */
    public RObject get(String name) throws IOException {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IOException(rdb + " holds no variable '" + name + "'.");
        }
        int[] block = blocks.get(index);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(rdb)) {
            in.skipNBytes(block[0]);
            bytes = in.readNBytes(block[1]);
        }
        if (bytes.length != block[1]) {
            throw new IOException(rdb + " ends inside variable '" + name + "'.");
        }
        return RSerialization.read(decompressBlock(bytes));
    }

    /** The index is saved like {@code saveRDS}: gzip, or a length-prefixed zlib block. */
    private static byte[] readIndexBytes(Path rdx) throws IOException {
        byte[] raw = Files.readAllBytes(rdx);
        if (raw.length >= 2 && (raw[0] & 0xFF) == GZIP_MAGIC_0 && (raw[1] & 0xFF) == GZIP_MAGIC_1) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            }
        }
        if (raw.length > LENGTH_PREFIX && (raw[LENGTH_PREFIX] & 0xFF) == ZLIB_FIRST_BYTE) {
            return decompressBlock(raw);
        }
        return raw;
    }

    /** One block: a big-endian length, an optional type byte, the (zlib) compressed value. */
    static byte[] decompressBlock(byte[] block) throws IOException {
        if (block.length < LENGTH_PREFIX) {
            throw new IOException("A lazy-load block of " + block.length + " bytes is too short.");
        }
        long length =
                ((block[0] & 0xFFL) << 24)
                        | ((block[1] & 0xFFL) << 16)
                        | ((block[2] & 0xFFL) << 8)
                        | (block[3] & 0xFFL);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("A lazy-load block of " + length + " bytes is too large.");
        }
        int start = LENGTH_PREFIX;
        if (block.length > start && (block[start] & 0xFF) != ZLIB_FIRST_BYTE) {
            char type = (char) (block[start] & 0xFF);
            start++;
            if (type == '0') {
                byte[] stored = new byte[block.length - start];
                System.arraycopy(block, start, stored, 0, stored.length);
                return stored;
            }
            if (type != 'Z') {
                throw new IOException(
                        "A lazy-load block is compressed with type '"
                                + type
                                + "' (bzip2 or xz); only zlib is supported.");
            }
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(block, start, block.length - start);
            byte[] out = new byte[(int) length];
            int filled = 0;
            while (filled < out.length && !inflater.finished()) {
                int n = inflater.inflate(out, filled, out.length - filled);
                if (n == 0) {
                    // Out of input, or a dictionary wanted: either way the block is short.
                    break;
                }
                filled += n;
            }
            if (filled != out.length) {
                throw new IOException(
                        "A lazy-load block inflates to "
                                + filled
                                + " bytes, not the "
                                + length
                                + " its header gives.");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IOException("A lazy-load block is not a valid zlib stream.", e);
        } finally {
            inflater.end();
        }
    }
}
