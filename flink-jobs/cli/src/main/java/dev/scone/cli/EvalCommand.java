package dev.scone.cli;

import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.evaluation.EvaluationReport;
import dev.scone.model.evaluation.PerplexityEvaluation;
import dev.scone.model.evaluation.ServedModel;
import dev.scone.model.serving.ModelRepository;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone eval}: token-level perplexity of models on corpus files. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Token-level perplexity, exp(-sum log p / tokens), of each model on each corpus file."
                    + " Every model reads the same GPT-2 tokens, cut into the same context windows"
                    + " as the streaming service uses; SCONE models look every position up in"
                    + " their exported f-gram table, so the figures measure the inference path.",
            "Prints a Markdown table (or one JSON object"
                    + " {\"models\":{NAME:{CORPUS:{\"tokens\":N,\"perplexity\":P}}}}); --out also"
                    + " writes perplexity.md, .csv, .json and a .png bar chart."
        })
final class EvalCommand implements Callable<Integer> {

    enum Format {
        table,
        json
    }

    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            arity = "1..*",
            paramLabel = "NAME_OR_DIR",
            description = "Models by shipped name or directory (default: every shipped model).")
    List<String> models = new ArrayList<>();

    @Option(
            names = "--corpus",
            arity = "1..*",
            paramLabel = "FILE",
            description =
                    "Corpus files (documents separated by blank lines), or folders of *.txt"
                            + " files; each is reported under its file name without extension"
                            + " (default: the test split, var/corpora/test).")
    List<Path> corpora = new ArrayList<>();

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "table: Markdown; json: one JSON object (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Also write the report as Markdown, CSV, JSON and PNG into DIR.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelRepository repository = ModelRepository.forHome(SconeHome.root());
        List<String> names = models.isEmpty() ? repository.shippedNames() : models;
        if (names.isEmpty()) {
            throw new UserException(
                    "No model was given and none is shipped; pass --model NAME_OR_DIR.");
        }
        List<Path> files = corpusFiles();

        var progress = GlobalOptions.current().progress();
        List<ServedModel> opened = new ArrayList<>();
        EvaluationReport report;
        try {
            for (String name : names) {
                opened.add(ServedModel.open(repository, name, null, progress));
            }
            report = PerplexityEvaluation.evaluate(opened, files, progress);
        } finally {
            for (ServedModel model : opened) {
                model.close();
            }
        }

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(format == Format.json ? report.toJson() : report.toMarkdown());
        stdout.flush();
        if (out != null) {
            List<Path> written = report.writeTo(out);
            PrintWriter err = spec.commandLine().getErr();
            err.println("Wrote " + written.size() + " report files to " + out + ".");
            err.flush();
        }
        return ExitCodes.OK;
    }

    /** The corpus files: those given (folders expanded), or the test split. */
    private List<Path> corpusFiles() throws Exception {
        List<Path> given = corpora;
        if (given.isEmpty()) {
            Path corporaDir = CorpusSetup.ensureDefault(GlobalOptions.current().progress());
            given = List.of(corporaDir.resolve("test"));
        }
        List<Path> files = new ArrayList<>();
        for (Path path : given) {
            if (Files.isDirectory(path)) {
                List<Path> inside = CorpusDocuments.corpusFiles(path);
                if (inside.isEmpty()) {
                    throw new UserException("The folder " + path + " holds no *.txt corpus file.");
                }
                files.addAll(inside);
            } else {
                files.add(CommandIo.requireFile(path, "Corpus file"));
            }
        }
        return files;
    }
}
