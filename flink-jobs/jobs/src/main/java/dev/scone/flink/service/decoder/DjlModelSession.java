package dev.scone.flink.service.decoder;

import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.model.nn.FgramLookup;
import dev.scone.model.nn.GenerationParams;
import dev.scone.model.nn.Generator;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.serving.WindowedScorer;
import dev.scone.model.table.FgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** The served SCONE model in one decoder subtask: DJL with the PyTorch engine. */
final class DjlModelSession implements ModelSession {

    private final SconeModel model;
    private final String modelVersion;
    private final WindowedScorer scorer;
    private final int dimension;
    private final int maxFgramLength;

    DjlModelSession(SconeModel model, String modelVersion) {
        this.model = model;
        this.modelVersion = modelVersion;
        this.scorer = new WindowedScorer(model);
        this.dimension = model.config().d();
        this.maxFgramLength = model.config().maxFgramLength();
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public List<ScoredDocument> score(List<AssembledDocument> batch) {
        List<SequenceInput> inputs = new ArrayList<>(batch.size());
        for (AssembledDocument document : batch) {
            inputs.add(AssembledInputs.of(document, dimension));
        }
        return scorer.score(inputs);
    }

    @Override
    public GenerateOutput generate(AssembledDocument prompt, FgramTable replica) {
        SequenceInput promptInputs = AssembledInputs.of(prompt, dimension);
        FgramLookup lookup =
                AssembledInputs.promptThenReplica(
                        promptInputs,
                        replica == null ? null : new TableLookup(replica, maxFgramLength),
                        dimension);
        var request = prompt.request;
        GenerationParams params =
                new GenerationParams(
                        request.maxNewTokens, request.temperature, request.topK, request.seed, -1);
        int[] generated;
        int dropped;
        try (Generator generator = new Generator(model, lookup)) {
            generated = generator.generate(request.tokens, params);
            dropped =
                    generator
                            .window()
                            .promptTokensDropped(request.tokens.length, request.maxNewTokens);
        }
        int matched = 0;
        if (replica != null) {
            int[] all = new int[request.tokens.length + generated.length];
            System.arraycopy(request.tokens, 0, all, 0, request.tokens.length);
            System.arraycopy(generated, 0, all, request.tokens.length, generated.length);
            float[] scratch = new float[dimension];
            TableLookup replicaLookup = new TableLookup(replica, maxFgramLength);
            for (int i = request.tokens.length; i < all.length; i++) {
                if (replicaLookup.longestMatch(all, i, scratch) > 0) {
                    matched++;
                }
            }
        }
        return new GenerateOutput(
                generated, Gpt2Tokenizer.get().decode(generated), matched, dropped);
    }

    @Override
    public void close() {
        try {
            scorer.close();
        } finally {
            model.close();
        }
    }
}
