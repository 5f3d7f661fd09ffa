package dev.scone.model.corpus;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the part of R's serialization format (the XDR form, {@code X\n}, versions 2 and 3) that
 * lazy-load data and index files use: character, integer, logical and double vectors, generic
 * lists, pairlists, symbols and references to earlier symbols, each with its attributes. Anything
 * else (closures, environments, ALTREP, external pointers) is refused with a {@link
 * java.io.IOException} naming the type, since no corpus needs it.
 */
public final class RSerialization {

    /** R's type codes ({@code SEXPTYPE}) and the pseudo-types of the serialization stream. */
    static final int NILSXP = 0;

    static final int SYMSXP = 1;
    static final int LISTSXP = 2;
    static final int CHARSXP = 9;
    static final int LGLSXP = 10;
    static final int INTSXP = 13;
    static final int REALSXP = 14;
    static final int STRSXP = 16;
    static final int VECSXP = 19;
    static final int REFSXP = 255;
    static final int NILVALUE_SXP = 254;

    private static final int IS_OBJECT = 1 << 8;
    private static final int HAS_ATTRIBUTES = 1 << 9;
    private static final int HAS_TAG = 1 << 10;
    private static final int LATIN1 = 1 << 2;
    private static final int NA_LENGTH = -1;

    /**
     * One R value.
     *
     * @param type R's type code, such as {@link #STRSXP}
     * @param value {@code List<String>} (NA as null) for character vectors, {@code int[]} for
     *     integer and logical ones, {@code double[]} for doubles, {@code List<RObject>} for lists
     *     and pairlists, the name for a symbol, null for NULL
     * @param tags for a pairlist, each element's tag (null where it has none); otherwise empty
     * @param attributes the attributes by name, such as {@code names}
     */
    public record RObject(
            int type, Object value, List<String> tags, Map<String, RObject> attributes) {

        static final RObject NULL = new RObject(NILSXP, null, List.of(), Map.of());

        /** The elements of a character vector. */
        @SuppressWarnings("unchecked")
        public List<String> strings() throws IOException {
            require(STRSXP, "a character vector");
            return (List<String>) value;
        }

        /** The elements of an integer or logical vector. */
        public int[] ints() throws IOException {
            if (type != INTSXP && type != LGLSXP) {
                throw new IOException("Expected an integer vector, found R type " + type + ".");
            }
            return (int[]) value;
        }

        /** The elements of a generic list or pairlist. */
        @SuppressWarnings("unchecked")
        public List<RObject> elements() throws IOException {
            if (type != VECSXP && type != LISTSXP) {
                throw new IOException("Expected a list, found R type " + type + ".");
            }
            return (List<RObject>) value;
        }

        /** The {@code names} attribute, or an empty list when there is none. */
        public List<String> names() throws IOException {
            RObject names = attributes.get("names");
            return names == null ? List.of() : names.strings();
        }

        /** The element called {@code name} of a named list, or null. */
        public RObject element(String name) throws IOException {
            int index = names().indexOf(name);
            return index < 0 ? null : elements().get(index);
        }

        private void require(int expected, String what) throws IOException {
            if (type != expected) {
                throw new IOException("Expected " + what + ", found R type " + type + ".");
            }
        }
    }

    private final DataInputStream in;
    private final List<RObject> references = new ArrayList<>();

    private RSerialization(byte[] bytes) {
        this.in = new DataInputStream(new ByteArrayInputStream(bytes));
    }

    /** Reads the one value serialized in {@code bytes}, header included. */
    public static RObject read(byte[] bytes) throws IOException {
        RSerialization reader = new RSerialization(bytes);
        try {
            reader.readHeader();
            return reader.readItem();
        } catch (EOFException truncated) {
            throw new IOException("The serialized R value ends early.", truncated);
        }
    }

    private void readHeader() throws IOException {
        int format0 = in.readUnsignedByte();
        int format1 = in.readUnsignedByte();
        if (format0 != 'X' || format1 != '\n') {
            throw new IOException(
                    "Not R's XDR serialization format (it starts with "
                            + format0
                            + ", "
                            + format1
                            + ").");
        }
        int version = in.readInt();
        in.readInt(); // the writer's R version
        in.readInt(); // the oldest R version that reads it
        if (version == 3) {
            int encodingLength = in.readInt();
            in.skipNBytes(encodingLength); // the native encoding, such as UTF-8
        } else if (version != 2) {
            throw new IOException("R serialization version " + version + " is not supported.");
        }
    }

    private RObject readItem() throws IOException {
        int flags = in.readInt();
        int type = flags & 0xFF;
        int levels = flags >>> 12;
        boolean hasAttributes = (flags & HAS_ATTRIBUTES) != 0;
        boolean hasTag = (flags & HAS_TAG) != 0;
        switch (type) {
            case NILVALUE_SXP:
                return RObject.NULL;
            case REFSXP:
                return reference(flags);
            case SYMSXP:
                {
                    RObject printName = readItem();
                    String name = printName.value() == null ? "" : (String) printName.value();
                    RObject symbol = new RObject(SYMSXP, name, List.of(), Map.of());
                    references.add(symbol);
                    return symbol;
                }
            case LISTSXP:
                return readPairlist(hasAttributes, hasTag);
            case CHARSXP:
                return new RObject(CHARSXP, readString(levels), List.of(), Map.of());
            case LGLSXP:
            case INTSXP:
                {
                    int[] values = new int[readLength()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = in.readInt();
                    }
                    return withAttributes(type, values, hasAttributes);
                }
            case REALSXP:
                {
                    double[] values = new double[readLength()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = in.readDouble();
                    }
                    return withAttributes(type, values, hasAttributes);
                }
            case STRSXP:
                {
                    int length = readLength();
                    List<String> values = new ArrayList<>(length);
                    for (int i = 0; i < length; i++) {
                        int elementFlags = in.readInt();
                        if ((elementFlags & 0xFF) != CHARSXP) {
                            throw new IOException(
                                    "A character vector holds R type " + (elementFlags & 0xFF));
                        }
                        values.add(readString(elementFlags >>> 12));
                    }
                    return withAttributes(
                            type, Collections.unmodifiableList(values), hasAttributes);
                }
            case VECSXP:
                {
                    int length = readLength();
                    List<RObject> values = new ArrayList<>(length);
                    for (int i = 0; i < length; i++) {
                        values.add(readItem());
                    }
                    return withAttributes(type, List.copyOf(values), hasAttributes);
                }
            default:
                throw new IOException(
                        "R type "
                                + type
                                + (((flags & IS_OBJECT) != 0) ? " (an object)" : "")
                                + " is not supported by this reader.");
        }
    }

    private RObject reference(int flags) throws IOException {
        int index = flags >>> 8;
        if (index == 0) {
            index = in.readInt();
        }
        if (index < 1 || index > references.size()) {
            throw new IOException("A reference points to item " + index + ", which is not read.");
        }
        return references.get(index - 1);
    }

    /** A pairlist, read iteratively along its CDR chain so a long one cannot exhaust the stack. */
    private RObject readPairlist(boolean hasAttributes, boolean hasTag) throws IOException {
        List<RObject> values = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        Map<String, RObject> attributes = hasAttributes ? readAttributes() : Map.of();
        while (true) {
            String tag = null;
            if (hasTag) {
                RObject symbol = readItem();
                tag = (String) symbol.value();
            }
            values.add(readItem());
            tags.add(tag);
            int flags = in.readInt();
            int type = flags & 0xFF;
            if (type == NILVALUE_SXP) {
                break;
            }
            if (type != LISTSXP) {
                throw new IOException("A pairlist ends in R type " + type + ", not NULL.");
            }
            if ((flags & HAS_ATTRIBUTES) != 0) {
                readAttributes(); // attributes on an inner cell mean nothing here
            }
            hasTag = (flags & HAS_TAG) != 0;
        }
        return new RObject(
                LISTSXP,
                Collections.unmodifiableList(values),
                Collections.unmodifiableList(tags),
                attributes);
    }

    private Map<String, RObject> readAttributes() throws IOException {
        RObject list = readItem();
        if (list.type() != LISTSXP) {
            throw new IOException("Attributes are R type " + list.type() + ", not a pairlist.");
        }
        Map<String, RObject> attributes = new LinkedHashMap<>();
        List<RObject> values = list.elements();
        for (int i = 0; i < values.size(); i++) {
            attributes.put(String.valueOf(list.tags().get(i)), values.get(i));
        }
        return Collections.unmodifiableMap(attributes);
    }

    private RObject withAttributes(int type, Object value, boolean hasAttributes)
            throws IOException {
        Map<String, RObject> attributes = hasAttributes ? readAttributes() : Map.of();
        return new RObject(type, value, List.of(), attributes);
    }

    private int readLength() throws IOException {
        int length = in.readInt();
        if (length == NA_LENGTH) {
            // A long vector: the length follows as two 32-bit halves.
            long upper = in.readInt() & 0xFFFFFFFFL;
            long lower = in.readInt() & 0xFFFFFFFFL;
            long longLength = (upper << 32) | lower;
            throw new IOException("A vector of " + longLength + " elements is too long to read.");
        }
        if (length < 0) {
            throw new IOException("A vector has the negative length " + length + ".");
        }
        return length;
    }

    /** The bytes of one CHARSXP, or null for NA; Latin-1 where R marked it so, else UTF-8. */
    private String readString(int levels) throws IOException {
        int length = in.readInt();
        if (length == NA_LENGTH) {
            return null;
        }
        if (length < 0) {
            throw new IOException("A string has the negative length " + length + ".");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException();
        }
        Charset charset =
                (levels & LATIN1) != 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        return new String(bytes, charset);
    }
}
