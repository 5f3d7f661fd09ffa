package dev.scone.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Standard input and output as UTF-8, shared by the line-oriented commands. */
final class CommandIo {

    private CommandIo() {}

    /** Standard input decoded strictly as UTF-8, so bad bytes are reported, not replaced. */
    static BufferedReader stdin() {
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(System.in, decoder), 1 << 16);
    }

    /** Standard output as UTF-8, buffered; callers flush at the end. */
    static PrintWriter stdout() {
        return new PrintWriter(
                new BufferedWriter(
                        new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16),
                false);
    }

    /** What a line filter does with one line of standard input. */
    @FunctionalInterface
    interface LineFilter {
        void accept(String line, PrintWriter out) throws IOException;
    }

    /**
     * Runs {@code filter} on each line of standard input, writing to standard output: input that is
     * not UTF-8 is one sentence, and what was written is flushed however the filter ends.
     */
    static void filterLines(LineFilter filter) throws IOException {
        PrintWriter out = stdout();
        try (BufferedReader in = stdin()) {
            String line;
            while ((line = in.readLine()) != null) {
                filter.accept(line, out);
            }
        } catch (CharacterCodingException e) {
            throw new UserException("Standard input is not valid UTF-8 text.", e);
        } finally {
            out.flush();
        }
    }

    /** Fails with a clear sentence if {@code path} is not a readable regular file. */
    static Path requireFile(Path path, String what) {
        if (!Files.exists(path)) {
            throw new UserException(what + " " + path + " does not exist.");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UserException(what + " " + path + " is not a readable file.");
        }
        return path;
    }
}
