package dev.scone.cli;

import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scone tokenize}: GPT-2 BPE token ids (or token strings) for each line of stdin. */
@Command(
        name = "tokenize",
        mixinStandardHelpOptions = true,
        description = "Tokenize stdin with GPT-2 BPE: one line of token ids per input line.")
final class TokenizeCommand implements Callable<Integer> {

    enum Format {
        ids,
        text
    }

    @Option(
            names = "--format",
            defaultValue = "ids",
            description =
                    "ids: space-separated token ids; text: the tokens' strings, JSON-quoted"
                            + " so spaces and newlines stay visible (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws IOException {
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        CommandIo.filterLines(
                (line, out) -> {
                    int[] ids = tokenizer.encode(line);
                    StringBuilder row = new StringBuilder(ids.length * 6);
                    for (int i = 0; i < ids.length; i++) {
                        if (i > 0) {
                            row.append(' ');
                        }
                        if (format == Format.ids) {
                            row.append(ids[i]);
                        } else {
                            row.append(Json.quote(tokenizer.tokenText(ids[i])));
                        }
                    }
                    out.println(row);
                });
        return ExitCodes.OK;
    }
}
