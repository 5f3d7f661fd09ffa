package dev.scone.cli;

import dev.scone.model.fgram.FgramVocabulary;
import dev.scone.model.fgram.FgramVocabularyFile;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scone match}: the longest f-gram ending at each position of each stdin line. */
@Command(
        name = "match",
        mixinStandardHelpOptions = true,
        description = {
            "Longest f-gram match at every position of each stdin line, as JSON.",
            "One object per input line:",
            "{\"tokens\":[...],\"match\":[...]} where match[i] is the length (2..K) of the"
                    + " longest f-gram ending at token i, or 0."
        })
final class MatchCommand implements Callable<Integer> {

    @Option(
            names = "--vocab",
            required = true,
            paramLabel = "FILE",
            description = "F-gram vocabulary built by 'scone vocab build'.")
    Path vocabulary;

    @Override
    public Integer call() throws IOException {
        CommandIo.requireFile(vocabulary, "Vocabulary");
        FgramVocabulary vocab = FgramVocabularyFile.read(vocabulary);
        LongestMatcher matcher = LongestMatcher.of(vocab);
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        CommandIo.filterLines(
                (line, out) -> {
                    int[] tokens = tokenizer.encode(line);
                    int[] match = matcher.match(tokens);
                    out.print("{\"tokens\":");
                    appendArray(out, tokens);
                    out.print(",\"match\":");
                    appendArray(out, match);
                    out.println('}');
                });
        return ExitCodes.OK;
    }

    private static void appendArray(PrintWriter out, int[] values) {
        out.print('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.print(',');
            }
            out.print(values[i]);
        }
        out.print(']');
    }
}
