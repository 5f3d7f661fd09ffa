package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.model.corpus.RSerialization.RObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RLazyLoadDatabaseTest {

    @Test
    void characterVectorsKeepNaAndTheirEncoding() throws IOException {
        RObject lines =
                RSerialization.read(new RData().strings(Arrays.asList("Emma", null, "")).bytes());
        RObject latin1 = RSerialization.read(new RData().latin1String("caf\u00e9 \u00a3").bytes());

        assertThat(lines.strings()).containsExactly("Emma", null, "");
        assertThat(latin1.strings()).containsExactly("caf\u00e9 \u00a3");
    }

    @Test
    void namedListsResolveTheirNamesThroughSymbolReferences() throws IOException {
        Map<String, RData.ItemWriter> inner = new LinkedHashMap<>();
        inner.put("a", data -> data.ints(1, 2));
        inner.put("b", data -> data.strings(List.of("x")));
        Map<String, RData.ItemWriter> outer = new LinkedHashMap<>();
        outer.put("inner", data -> data.namedList(inner));
        outer.put("flag", data -> data.logical(true));

        RObject value = RSerialization.read(new RData().namedList(outer).bytes());

        assertThat(value.names()).containsExactly("inner", "flag");
        // The second "names" attribute is written as a reference to the first symbol.
        assertThat(value.element("inner").names()).containsExactly("a", "b");
        assertThat(value.element("inner").element("a").ints()).containsExactly(1, 2);
        assertThat(value.element("inner").element("b").strings()).containsExactly("x");
        assertThat(value.element("flag").ints()).containsExactly(1);
        assertThat(value.element("missing")).isNull();
    }

    @Test
    void databaseFindsEachVariableInItsBlock(@TempDir Path dir) throws IOException {
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("second", new RData().strings(List.of("two", "lines")).bytes());
        values.put("first", new RData().strings(List.of("one")).bytes());
        Path rdx = RData.writeDatabase(dir, "Rdata", values);

        RLazyLoadDatabase database = RLazyLoadDatabase.open(rdx);

        assertThat(database.names()).containsExactly("second", "first");
        assertThat(database.get("first").strings()).containsExactly("one");
        assertThat(database.get("second").strings()).containsExactly("two", "lines");
        assertThatThrownBy(() -> database.get("third"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no variable 'third'");
    }

    @Test
    void blocksWithATypeByteAreReadOrRefused() throws IOException {
        byte[] value = "stored".getBytes(StandardCharsets.US_ASCII);
        byte[] zlib = RData.zlibBlock(value);
        byte[] typed = new byte[zlib.length + 1];
        System.arraycopy(zlib, 0, typed, 0, 4);
        typed[4] = 'Z';
        System.arraycopy(zlib, 4, typed, 5, zlib.length - 4);
        byte[] stored = {0, 0, 0, 6, '0', 's', 't', 'o', 'r', 'e', 'd'};
        byte[] xz = {0, 0, 0, 6, 'X', 1, 2, 3};

        assertThat(RLazyLoadDatabase.decompressBlock(zlib)).isEqualTo(value);
        assertThat(RLazyLoadDatabase.decompressBlock(typed)).isEqualTo(value);
        assertThat(RLazyLoadDatabase.decompressBlock(stored)).isEqualTo(value);
        assertThatThrownBy(() -> RLazyLoadDatabase.decompressBlock(xz))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("only zlib");
    }

    @Test
    void blockShorterThanItsHeaderSaysIsRefused() throws IOException {
        byte[] block = RData.zlibBlock("some text".getBytes(StandardCharsets.US_ASCII));
        block[3] = 100; // claims 100 bytes

        assertThatThrownBy(() -> RLazyLoadDatabase.decompressBlock(block))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not the 100");
    }

    @Test
    void truncatedOrForeignStreamsAreRefused() throws IOException {
        byte[] whole = new RData().strings(List.of("a long enough line")).bytes();
        byte[] truncated = Arrays.copyOf(whole, whole.length - 4);

        assertThatThrownBy(() -> RSerialization.read(truncated))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> RSerialization.read("RDX2\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("XDR");
    }
}
