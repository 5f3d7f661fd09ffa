package dev.scone.model.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Where the corpus readers find their files. */
final class CorpusFolders {

    private CorpusFolders() {}

    /**
     * {@code location} under {@code root} when it is a folder there, as in an unpacked package or
     * extracted Debian package; otherwise {@code root} itself, a folder that holds the files.
     */
    static Path within(Path root, Path location) {
        Path packaged = root.resolve(location);
        return Files.isDirectory(packaged) ? packaged : root;
    }

    /**
     * The regular files directly inside {@code dir} whose names {@code name} accepts, sorted by
     * name.
     *
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to leave out links, which are otherwise
     *     followed
     */
    static List<Path> files(Path dir, Predicate<String> name, LinkOption... options)
            throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(path -> name.test(path.getFileName().toString()))
                    .filter(path -> Files.isRegularFile(path, options))
                    .sorted()
                    .toList();
        }
    }
}
