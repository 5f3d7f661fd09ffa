package dev.scone.flink.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Reads a corpus file as documents: UTF-8 text in which documents are separated by blank lines, one
 * record per document, its lines joined with {@code '\n'}.
 *
 * <p>A line holding only whitespace counts as blank, and runs of blank lines (or blank lines at the
 * start or end of a file) never produce empty documents. Bytes that are not valid UTF-8 are
 * replaced by U+FFFD rather than failing a long job on one bad byte.
 *
 * <p>Files are not split: a split boundary could fall inside a document. The file source still
 * reads many files in parallel, and it decompresses {@code .gz} files by their extension before
 * this format sees the bytes.
 */
public final class DocumentBlockFormat extends SimpleStreamFormat<String> {

    private static final long serialVersionUID = 1L;

    private static final int BUFFER_CHARS = 1 << 16;

    @Override
    public Reader<String> createReader(Configuration config, FSDataInputStream stream) {
        return new BlockReader(
                new BufferedReader(
                        new InputStreamReader(stream, StandardCharsets.UTF_8), BUFFER_CHARS));
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    /**
     * A bounded file source over {@code inputs}: files, or directories whose files are read
     * recursively (names starting with {@code .} or {@code _} are skipped, as Flink does for hidden
     * and in-progress files).
     *
     * @param inputs local paths or URIs of any file system Flink is configured for
     */
    public static FileSource<String> fileSource(List<String> inputs) {
        Path[] paths = inputs.stream().map(Path::new).toArray(Path[]::new);
        return FileSource.forRecordStreamFormat(new DocumentBlockFormat(), paths).build();
    }

    /** Turns lines into blank-line separated blocks. */
    static final class BlockReader implements StreamFormat.Reader<String> {

        private final BufferedReader lines;
        private final StringBuilder block = new StringBuilder();

        BlockReader(BufferedReader lines) {
            this.lines = lines;
        }

        @Override
        public String read() throws IOException {
            block.setLength(0);
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    if (!block.isEmpty()) {
                        return block.toString();
                    }
                } else {
                    if (!block.isEmpty()) {
                        block.append('\n');
                    }
                    block.append(line);
                }
            }
            return block.isEmpty() ? null : block.toString();
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
