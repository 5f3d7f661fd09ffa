package dev.scone.model.evaluation;

import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token-level perplexity of models on corpus files. Every model sees the same GPT-2 tokens and is
 * scored through {@link DocumentScorer}, so SCONE models read their exported f-gram table exactly
 * as when served and a baseline reads the token embedding; the figures therefore measure the
 * inference path, not the training path through A_F.
 */
public final class PerplexityEvaluation {

    /** Documents scored together. */
    private static final int DOCUMENTS_PER_CHUNK = 32;

    private PerplexityEvaluation() {}

    /** A corpus's name in reports: the file name without its extension. */
    public static String corpusName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Scores every model on every corpus file.
     *
     * @param corpusFiles corpus files (documents separated by blank lines), each reported under
     *     {@link #corpusName}
     * @throws IllegalArgumentException if two corpus files share a name, or none is given
     * @throws IOException if a corpus cannot be read
     */
    public static EvaluationReport evaluate(
            List<ServedModel> models, List<Path> corpusFiles, ProgressReporter progress)
            throws IOException {
        if (corpusFiles.isEmpty()) {
            throw new IllegalArgumentException("Give at least one corpus file to evaluate on.");
        }
        Map<String, List<int[]>> corpora = new LinkedHashMap<>();
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.get();
        for (Path file : corpusFiles) {
            String name = corpusName(file);
            if (corpora.containsKey(name)) {
                throw new IllegalArgumentException(
                        "Two corpus files are named " + name + "; each corpus needs its own name.");
            }
            List<int[]> documents = new ArrayList<>();
            for (String text : CorpusDocuments.read(file)) {
                documents.add(tokenizer.encode(text));
            }
            corpora.put(name, documents);
        }

        List<ModelSummary> summaries = new ArrayList<>();
        Map<String, Map<String, CorpusPerplexity>> results = new LinkedHashMap<>();
        for (ServedModel model : models) {
            if (results.containsKey(model.name())) {
                throw new IllegalArgumentException(
                        "Two models are named "
                                + model.name()
                                + "; each model needs its own name.");
            }
            summaries.add(ModelSummary.of(model.name(), model.card()));
            Map<String, CorpusPerplexity> scores = new LinkedHashMap<>();
            try (DocumentScorer scorer = new DocumentScorer(model)) {
                for (Map.Entry<String, List<int[]>> corpus : corpora.entrySet()) {
                    scores.put(
                            corpus.getKey(),
                            score(
                                    scorer,
                                    model.name(),
                                    corpus.getKey(),
                                    corpus.getValue(),
                                    progress));
                }
            }
            results.put(model.name(), scores);
        }
        return new EvaluationReport(summaries, new ArrayList<>(corpora.keySet()), results);
    }

    private static CorpusPerplexity score(
            DocumentScorer scorer,
            String model,
            String corpus,
            List<int[]> documents,
            ProgressReporter progress) {
        long tokens = 0;
        double logLikelihood = 0;
        try (Progress bar =
                progress.start(
                        "Scoring " + corpus + " with " + model, documents.size(), "documents")) {
            for (int from = 0; from < documents.size(); from += DOCUMENTS_PER_CHUNK) {
                List<int[]> chunk =
                        documents.subList(
                                from, Math.min(documents.size(), from + DOCUMENTS_PER_CHUNK));
                for (ScoredDocument scored : scorer.scoreTokens(chunk)) {
                    tokens += scored.predictedTokens();
                    logLikelihood += scored.logLikelihood();
                }
                bar.step(chunk.size());
            }
        }
        return new CorpusPerplexity(tokens, logLikelihood);
    }
}
