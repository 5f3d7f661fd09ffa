package dev.scone.model.corpus;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small R serialization streams and lazy-load databases the way R does, so the readers can
 * be tested on synthetic input: a version-3 XDR header, then items as {@code flags, payload,
 * attributes}.
 */
final class RData {

    private static final int HAS_ATTRIBUTES = 1 << 9;
    private static final int HAS_TAG = 1 << 10;
    private static final int ASCII = 1 << 6;
    private static final int UTF8 = 1 << 3;
    private static final int LATIN1 = 1 << 2;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final List<String> symbols = new ArrayList<>();

    RData() {
        try {
            out.write(new byte[] {'X', '\n'});
            out.writeInt(3);
            out.writeInt(0x040201);
            out.writeInt(0x030500);
            out.writeInt(5);
            out.write("UTF-8".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    RData strings(List<String> values) throws IOException {
        out.writeInt(RSerialization.STRSXP);
        out.writeInt(values.size());
        for (String value : values) {
            charsxp(value, UTF8);
        }
        return this;
    }

    RData latin1String(String value) throws IOException {
        out.writeInt(RSerialization.STRSXP);
        out.writeInt(1);
        charsxp(value, LATIN1);
        return this;
    }

    RData ints(int... values) throws IOException {
        out.writeInt(RSerialization.INTSXP);
        out.writeInt(values.length);
        for (int value : values) {
            out.writeInt(value);
        }
        return this;
    }

    RData logical(boolean value) throws IOException {
        out.writeInt(RSerialization.LGLSXP);
        out.writeInt(1);
        out.writeInt(value ? 1 : 0);
        return this;
    }

    /** A named list: {@code VECSXP}, its elements, then {@code names} as attribute. */
    RData namedList(Map<String, ItemWriter> elements) throws IOException {
        out.writeInt(RSerialization.VECSXP | HAS_ATTRIBUTES);
        out.writeInt(elements.size());
        for (ItemWriter element : elements.values()) {
            element.write(this);
        }
        attributes(Map.of("names", data -> data.strings(List.copyOf(elements.keySet()))));
        return this;
    }

    /** An attribute pairlist with tagged cells; symbols seen before are written as references. */
    private void attributes(Map<String, ItemWriter> attributes) throws IOException {
        for (Map.Entry<String, ItemWriter> attribute : attributes.entrySet()) {
            out.writeInt(RSerialization.LISTSXP | HAS_TAG);
            symbol(attribute.getKey());
            attribute.getValue().write(this);
        }
        out.writeInt(RSerialization.NILVALUE_SXP);
    }

    private void symbol(String name) throws IOException {
        int index = symbols.indexOf(name);
        if (index >= 0) {
            out.writeInt(((index + 1) << 8) | RSerialization.REFSXP);
            return;
        }
        symbols.add(name);
        out.writeInt(RSerialization.SYMSXP);
        charsxp(name, ASCII);
    }

    private void charsxp(String value, int encoding) throws IOException {
        out.writeInt((encoding << 12) | RSerialization.CHARSXP);
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] encoded =
                value.getBytes(
                        encoding == LATIN1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        out.writeInt(encoded.length);
        out.write(encoded);
    }

    /** Writes one item into a stream. */
    @FunctionalInterface
    interface ItemWriter {
        void write(RData data) throws IOException;
    }

    /** A length-prefixed zlib block, as R writes each value of a lazy-load database. */
    static byte[] zlibBlock(byte[] value) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        new DataOutputStream(block).writeInt(value.length);
        try (OutputStream deflate = new DeflaterOutputStream(block, new Deflater(9))) {
            deflate.write(value);
        }
        return block.toByteArray();
    }

    /**
     * Writes {@code NAME.rdb} (the values, one zlib block each) and {@code NAME.rdx} (the gzipped
     * index) into {@code dir}; returns the index file.
     */
    static Path writeDatabase(Path dir, String name, Map<String, byte[]> values)
            throws IOException {
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        Map<String, int[]> blocks = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> value : values.entrySet()) {
            byte[] block = zlibBlock(value.getValue());
            blocks.put(value.getKey(), new int[] {rdb.size(), block.length});
            rdb.write(block);
        }
        Map<String, ItemWriter> variables = new LinkedHashMap<>();
        blocks.forEach((variable, block) -> variables.put(variable, data -> data.ints(block)));
        Map<String, ItemWriter> index = new LinkedHashMap<>();
        index.put("variables", data -> data.namedList(variables));
        index.put("references", data -> data.namedList(Map.of()));
        index.put("compressed", data -> data.logical(true));
        byte[] indexBytes = new RData().namedList(index).bytes();
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".rdb"), rdb.toByteArray());
        Path rdx = dir.resolve(name + ".rdx");
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(rdx))) {
            gzip.write(indexBytes);
        }
        return rdx;
    }
}
