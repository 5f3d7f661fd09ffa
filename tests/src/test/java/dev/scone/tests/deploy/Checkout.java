package dev.scone.tests.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository checkout the tests run in, and its YAML files as plain maps and lists. */
final class Checkout {

    private Checkout() {}

    /** The repository root: the directory above the tests module Maven runs the tests in. */
    static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("docker-compose.yml"))
                    && Files.isDirectory(candidate.resolve("flink-jobs/jobs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No checkout with docker-compose.yml above " + dir + ".");
    }

    /** Every YAML document in {@code file}, with anchors and aliases resolved. */
    static List<Map<String, Object>> yamlDocuments(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml(options).loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document, file.toString()));
                }
            }
        }
        return documents;
    }

    /** {@code node} as a map, failing with the path to it when it is something else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String where) {
        if (!(node instanceof Map)) {
            throw new AssertionError(where + " is not a mapping but " + node);
        }
        return (Map<String, Object>) node;
    }

    /** {@code node} as a list, failing with the path to it when it is something else. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String where) {
        if (!(node instanceof List)) {
            throw new AssertionError(where + " is not a list but " + node);
        }
        return (List<Object>) node;
    }

    /** The value at a dotted path of keys, such as {@code spec.job.jarURI}. */
    static Object at(Map<String, Object> root, String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            node = map(node, path).get(key);
            if (node == null) {
                throw new AssertionError("Missing " + path + " (no '" + key + "').");
            }
        }
        return node;
    }
}
