package dev.scone.cli;

import dev.scone.model.evaluation.DocumentScore;
import dev.scone.model.evaluation.DocumentScorer;
import dev.scone.model.evaluation.ServedModel;
import dev.scone.schemas.Document;
import dev.scone.schemas.topic.DocumentRules;
import dev.scone.schemas.topic.RecordJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scone score}: scores documents from stdin offline, as the streaming service would. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Score documents read from stdin and write one JSON line per document:",
            "{\"id\",\"tokens\",\"logLikelihood\",\"perplexity\",\"matchedPositions\","
                    + "\"meanMatchLength\"} (plus \"tokenLogProbs\" when asked for), with the"
                    + " field names and values the streaming service puts on its results.",
            "Input lines are JSON documents {\"id\":...,\"text\":...} or plain text (one"
                    + " document per line, its id the line number); blank lines are skipped."
        })
final class ScoreCommand implements Callable<Integer> {

    enum InputFormat {
        auto,
        json,
        text
    }

    @Mixin ServedModelOptions servedModel;

    @Option(
            names = "--input-format",
            defaultValue = "auto",
            description =
                    "auto: JSON for lines starting with '{', text otherwise; json; text"
                            + " (default: ${DEFAULT-VALUE}).")
    InputFormat inputFormat;

    @Option(
            names = "--token-log-probs",
            description =
                    "Add every token's log-probability (a JSON document can also ask with"
                            + " \"returnTokenLogProbs\": true).")
    boolean tokenLogProbs;

    @Option(
            names = "--batch-size",
            defaultValue = "16",
            paramLabel = "N",
            description =
                    "Most documents scored together; fewer when input pauses"
                            + " (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        if (batchSize < 1) {
            throw new UserException("--batch-size must be at least 1, not " + batchSize + ".");
        }
        try (ServedModel served = servedModel.open();
                DocumentScorer scorer = new DocumentScorer(served);
                BufferedReader in = CommandIo.stdin()) {
            PrintWriter out = CommandIo.stdout();
            try {
                score(in, out, scorer);
            } finally {
                out.flush();
            }
        } catch (CharacterCodingException e) {
            throw new UserException("Standard input is not valid UTF-8 text.", e);
        }
        return ExitCodes.OK;
    }

    /** Scores every document of {@code in}, in input order. */
    void score(BufferedReader in, PrintWriter out, DocumentScorer scorer) throws IOException {
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Boolean> logProbs = new ArrayList<>();
        long lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            boolean json =
                    inputFormat == InputFormat.json
                            || (inputFormat == InputFormat.auto
                                    && line.stripLeading().startsWith("{"));
            if (json) {
                Document document = parse(line, lineNumber);
                ids.add(document.getId());
                texts.add(document.getText());
                logProbs.add(tokenLogProbs || document.getReturnTokenLogProbs());
            } else {
                ids.add(Long.toString(lineNumber));
                texts.add(line);
                logProbs.add(tokenLogProbs);
            }
            // Score what has arrived when the input pauses, so interactive use answers at once.
            if (ids.size() >= batchSize || !in.ready()) {
                flush(scorer, ids, texts, logProbs, out);
            }
        }
        flush(scorer, ids, texts, logProbs, out);
    }

    private static Document parse(String line, long lineNumber) {
        Document document;
        try {
            document = RecordJson.parseDocument(line);
        } catch (IllegalArgumentException e) {
            throw new UserException("Line " + lineNumber + ": " + e.getMessage(), e);
        }
        String problem = DocumentRules.emptyTextProblem(document.getId(), document.getText());
        if (problem != null) {
            throw new UserException("Line " + lineNumber + ": " + problem + ".");
        }
        return document;
    }

    private static void flush(
            DocumentScorer scorer,
            List<String> ids,
            List<String> texts,
            List<Boolean> logProbs,
            PrintWriter out) {
        if (ids.isEmpty()) {
            return;
        }
        List<DocumentScore> scores = scorer.score(ids, texts);
        for (int d = 0; d < scores.size(); d++) {
            out.println(scores.get(d).toJson(logProbs.get(d)));
        }
        out.flush();
        ids.clear();
        texts.clear();
        logProbs.clear();
    }
}
