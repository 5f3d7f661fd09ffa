package dev.scone.model.corpus;

import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the raw corpora that scripts/fetch-corpora.sh leaves in a folder ({@code brown/}, {@code
 * fortunes/}, {@code sotu/}, {@code austen/}) into plain-text splits: {@code
 * OUT/<split>/brown-<genre>.txt} per Brown genre, {@code OUT/<split>/fortunes.txt}, {@code
 * sotu.txt} and {@code austen.txt}, plus {@code OUT/manifest.json}. Any of the four may be absent;
 * each corpus is split on its own, so adding one leaves the others' splits as they were. The output
 * depends only on the raw bytes and the seed, so it is byte-identical from run to run, and a run
 * whose manifest already matches the input, the settings and the files on disk changes nothing.
 */
public final class CorpusPreparer {

    /** The split seed used when none is given. */
    public static final long DEFAULT_SEED = 20250203L;

    /** Bumped whenever the text normalisation or the layout changes, so old output is redone. */
    public static final int FORMAT_VERSION = 1;

    static final String BROWN_FOLDER = "brown";
    static final String FORTUNES_FOLDER = "fortunes";
    static final String SOTU_FOLDER = "sotu";
    static final String AUSTEN_FOLDER = "austen";
    static final String BROWN_PREFIX = "brown-";
    static final String FORTUNES_CORPUS = "fortunes";
    static final String SOTU_CORPUS = "sotu";
    static final String AUSTEN_CORPUS = "austen";

    /** The raw folders, by the name scripts/fetch-corpora.sh gives them. */
    public static final List<String> RAW_FOLDERS =
            List.of(BROWN_FOLDER, FORTUNES_FOLDER, SOTU_FOLDER, AUSTEN_FOLDER);

    private final Path rawDir;
    private final Path outDir;
    private final long seed;

    public CorpusPreparer(Path rawDir, Path outDir, long seed) {
        this.rawDir = rawDir;
        this.outDir = outDir;
        this.seed = seed;
    }

    /**
     * Prepares the splits, or leaves an up-to-date preparation alone.
     *
     * @return the manifest of the prepared directory
     * @throws NoSuchFileException if the raw folder holds none of the corpora
     */
    public Manifest prepare(ProgressReporter reporter) throws IOException {
        Path brownDir = rawDir.resolve(BROWN_FOLDER);
        Path fortunesDir = rawDir.resolve(FORTUNES_FOLDER);
        BrownCorpus brown = Files.isDirectory(brownDir) ? new BrownCorpus(brownDir) : null;
        FortuneCorpus fortunes =
                Files.isDirectory(fortunesDir) ? new FortuneCorpus(fortunesDir) : null;
        Path sotuDir = rawDir.resolve(SOTU_FOLDER);
        SotuCorpus sotu = Files.isDirectory(sotuDir) ? new SotuCorpus(sotuDir) : null;
        Path austenDir = rawDir.resolve(AUSTEN_FOLDER);
        AustenCorpus austen = Files.isDirectory(austenDir) ? new AustenCorpus(austenDir) : null;
        List<Path> inputs = new ArrayList<>();
        if (brown != null) {
            inputs.addAll(requireFiles(brown.files(), brownDir, "Brown sample files like ca01"));
        }
        if (fortunes != null) {
            inputs.addAll(requireFiles(fortunes.files(), fortunesDir, "fortune cookie files"));
        }
        if (sotu != null) {
            inputs.addAll(requireFiles(sotu.files(), sotuDir, "address files like 1790_*.txt"));
        }
        if (austen != null) {
            inputs.addAll(requireFiles(austen.files(), austenDir, "Rdata.rdx and Rdata.rdb"));
        }
        if (inputs.isEmpty()) {
            throw new NoSuchFileException(
                    rawDir.toString(),
                    null,
                    "holds none of brown/, fortunes/, sotu/, austen/; run"
                            + " scripts/fetch-corpora.sh "
                            + rawDir
                            + " first");
        }
        String inputSha256 = digest(inputs);
        Path manifestFile = outDir.resolve(Manifest.FILE_NAME);
        Manifest existing = readIfUpToDate(manifestFile, inputSha256);
        if (existing != null) {
            return existing;
        }

        SortedMap<String, List<CorpusDocument>> corpora = new TreeMap<>();
        if (brown != null) {
            brown.documentsByGenre(reporter)
                    .forEach((genre, documents) -> corpora.put(BROWN_PREFIX + genre, documents));
        }
        if (fortunes != null) {
            corpora.put(FORTUNES_CORPUS, fortunes.documents(reporter));
        }
        if (sotu != null) {
            corpora.put(SOTU_CORPUS, sotu.documents(reporter));
        }
        if (austen != null) {
            corpora.put(AUSTEN_CORPUS, austen.documents(reporter));
        }

        Files.createDirectories(outDir);
        Files.deleteIfExists(manifestFile);
        List<CorpusManifest> entries = new ArrayList<>();
        try (Progress progress = reporter.start("Writing splits", corpora.size(), "corpora")) {
            for (Map.Entry<String, List<CorpusDocument>> corpus : corpora.entrySet()) {
                entries.add(writeCorpus(corpus.getKey(), corpus.getValue()));
                progress.step(1);
            }
        }
        removeStaleCorpusFiles(corpora.keySet());
        Manifest manifest =
                new Manifest(
                        FORMAT_VERSION,
                        seed,
                        DocumentSplitter.VALIDATION_RATIO,
                        DocumentSplitter.TEST_RATIO,
                        inputSha256,
                        entries);
        manifest.write(manifestFile);
        return manifest;
    }

    private static List<Path> requireFiles(List<Path> files, Path dir, String what)
            throws NoSuchFileException {
        if (files.isEmpty()) {
            throw new NoSuchFileException(
                    dir.toString(), null, "holds no " + what + "; fetch the corpora again");
        }
        return files;
    }

    private CorpusManifest writeCorpus(String name, List<CorpusDocument> documents)
            throws IOException {
        Map<String, String> textById = new LinkedHashMap<>();
        for (CorpusDocument document : documents) {
            textById.put(document.id(), document.text());
        }
        Map<Split, List<String>> split = DocumentSplitter.split(textById.keySet(), seed);
        Map<Split, SplitManifest> written = new LinkedHashMap<>();
        for (Split part : Split.values()) {
            List<String> ids = split.get(part);
            List<String> texts = ids.stream().map(textById::get).toList();
            String relative = part.directoryName() + "/" + name + CorpusDocuments.FILE_SUFFIX;
            Path file = outDir.resolve(relative);
            CorpusDocuments.write(file, texts);
            long characters =
                    texts.stream().mapToLong(text -> text.codePointCount(0, text.length())).sum();
            written.put(
                    part, new SplitManifest(relative, ids.size(), characters, sha256(file), ids));
        }
        return new CorpusManifest(
                name,
                written.get(Split.TRAIN),
                written.get(Split.VALIDATION),
                written.get(Split.TEST));
    }

    /** Removes corpus files an earlier preparation from other input left behind. */
    private void removeStaleCorpusFiles(Set<String> corpusNames) throws IOException {
        Set<String> current =
                corpusNames.stream()
                        .map(name -> name + CorpusDocuments.FILE_SUFFIX)
                        .collect(Collectors.toSet());
        for (Split part : Split.values()) {
            for (Path file : CorpusDocuments.corpusFiles(outDir.resolve(part.directoryName()))) {
                String fileName = file.getFileName().toString();
                boolean ours =
                        fileName.startsWith(BROWN_PREFIX)
                                || Stream.of(FORTUNES_CORPUS, SOTU_CORPUS, AUSTEN_CORPUS)
                                        .anyMatch(
                                                corpus ->
                                                        fileName.equals(
                                                                corpus
                                                                        + CorpusDocuments
                                                                                .FILE_SUFFIX));
                if (ours && !current.contains(fileName)) {
                    Files.delete(file);
                }
            }
        }
    }

    private Manifest readIfUpToDate(Path manifestFile, String inputSha256) throws IOException {
        if (!Files.isRegularFile(manifestFile)) {
            return null;
        }
        Manifest manifest;
        try {
            manifest = Manifest.read(manifestFile);
        } catch (IOException unreadable) {
            // A manifest that does not parse is simply redone.
            return null;
        }
        boolean sameSettings =
                manifest.formatVersion() == FORMAT_VERSION
                        && manifest.seed() == seed
                        && manifest.validationRatio() == DocumentSplitter.VALIDATION_RATIO
                        && manifest.testRatio() == DocumentSplitter.TEST_RATIO
                        && inputSha256.equals(manifest.inputSha256());
        if (!sameSettings || manifest.corpora() == null) {
            return null;
        }
        for (CorpusManifest corpus : manifest.corpora()) {
            for (Split part : Split.values()) {
                SplitManifest entry = corpus.split(part);
                if (entry == null) {
                    return null;
                }
                Path file = outDir.resolve(entry.file());
                if (!Files.isRegularFile(file) || !sha256(file).equals(entry.sha256())) {
                    return null;
                }
            }
        }
        return manifest;
    }

    /** SHA-256 over each input's path relative to the raw folder, its length and its bytes. */
    private String digest(List<Path> inputs) throws IOException {
        MessageDigest digest = newSha256();
        for (Path input : inputs) {
            String relative = rawDir.relativize(input).toString().replace('\\', '/');
            byte[] content = Files.readAllBytes(input);
            digest.update(relative.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Integer.toString(content.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) 0);
            digest.update(content);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(newSha256().digest(Files.readAllBytes(file)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256.", e);
        }
    }

    /**
     * Prepares the corpora from the command line: {@code RAW_DIR OUT_DIR [SEED]}, then prints the
     * documents per corpus and split.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("Usage: CorpusPreparer RAW_DIR OUT_DIR [SEED]");
            System.exit(2);
        }
        long seed = DEFAULT_SEED;
        if (args.length == 3) {
            try {
                seed = Long.parseLong(args[2]);
            } catch (NumberFormatException e) {
                System.err.println("The seed must be a whole number, not '" + args[2] + "'.");
                System.exit(2);
            }
        }
        ProgressReporter announce =
                (task, total, unit) -> {
                    System.err.println(task + " ...");
                    return Progress.silent();
                };
        Manifest manifest;
        try {
            manifest =
                    new CorpusPreparer(Path.of(args[0]), Path.of(args[1]), seed).prepare(announce);
        } catch (NoSuchFileException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf("%-10s %8s %10s %6s %7s%n", "corpus", "total", "train", "valid", "test");
        for (CorpusManifest corpus : manifest.corpora()) {
            System.out.printf(
                    "%-10s %8d %10d %6d %7d%n",
                    corpus.name(),
                    corpus.documents(),
                    corpus.train().documents(),
                    corpus.validation().documents(),
                    corpus.test().documents());
        }
        System.out.printf(
                "%-10s %8d %10d %6d %7d%n",
                "all",
                Stream.of(Split.values()).mapToInt(manifest::documents).sum(),
                manifest.documents(Split.TRAIN),
                manifest.documents(Split.VALIDATION),
                manifest.documents(Split.TEST));
    }
}
