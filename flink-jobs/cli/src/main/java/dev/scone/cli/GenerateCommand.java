package dev.scone.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.model.evaluation.ServedModel;
import dev.scone.model.nn.GenerationParams;
import dev.scone.model.nn.Generator;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone generate}: continues a prompt, each new token looked up in the f-gram table. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a prompt with the model and print the continuation. Before each step the"
                    + " newest token gets its own longest-match lookup in the model's f-gram"
                    + " table, as in the paper's decoding, so generated text reads f-gram"
                    + " embeddings just like the prompt does.",
            "A prompt of any length is answered: the model reads its most recent tokens that fit"
                    + " beside the new ones (the context minus --max-new-tokens, at least half the"
                    + " context); text output says so on stderr, --format json reports how many"
                    + " tokens it dropped."
        })
final class GenerateCommand implements Callable<Integer> {

    enum Format {
        text,
        json
    }

    @Spec CommandSpec spec;

    @Mixin ServedModelOptions servedModel;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(
            names = "--max-new-tokens",
            defaultValue = "32",
            paramLabel = "N",
            description =
                    "Most tokens to generate; output may run past the model's context, which then"
                            + " slides over the newest tokens (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(
            names = "--temperature",
            defaultValue = "0.8",
            paramLabel = "T",
            description =
                    "Sampling temperature; 0 picks the likeliest token (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(
            names = "--top-k",
            defaultValue = "40",
            paramLabel = "K",
            description =
                    "Sample among the K likeliest tokens; 0 for all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "S",
            description =
                    "Seed of the sampling; the same seed gives the same text (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--format",
            defaultValue = "text",
            description =
                    "text: the continuation; json: one object with the prompt, the continuation"
                            + " and their token ids (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        GenerationParams params;
        try {
            params = GenerationParams.sampling(maxNewTokens, temperature, topK, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        int[] promptTokens = tokenizer.encode(prompt);
        int[] generated;
        int dropped;
        String modelVersion;
        String tableVersion;
        try (ServedModel served = servedModel.open();
                Generator generator = new Generator(served.model(), served.lookup())) {
            generated = generator.generate(promptTokens, params);
            dropped = generator.window().promptTokensDropped(promptTokens.length, maxNewTokens);
            modelVersion = served.card().modelVersion();
            tableVersion = served.tableVersion();
        }
        String continuation = tokenizer.decode(generated);

        PrintWriter stdout = spec.commandLine().getOut();
        if (format == Format.text) {
            stdout.println(continuation);
            if (dropped > 0) {
                // On stderr, so that stdout stays the continuation alone.
                PrintWriter stderr = spec.commandLine().getErr();
                stderr.printf(
                        "The model read the last %d of the prompt's %d tokens.%n",
                        promptTokens.length - dropped, promptTokens.length);
                stderr.flush();
            }
        } else {
            ObjectNode result = Json.MAPPER.createObjectNode();
            result.put("modelVersion", modelVersion);
            result.put("tableVersion", tableVersion);
            result.put("prompt", prompt);
            ids(result.putArray("promptTokens"), promptTokens);
            result.put("generatedText", continuation);
            ids(result.putArray("generatedTokens"), generated);
            result.put("promptTokensDropped", dropped);
            stdout.println(Json.write(result));
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    private static void ids(ArrayNode array, int[] ids) {
        for (int id : ids) {
            array.add(id);
        }
    }
}
