package io.pgsafety.core.sql.lexer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The {@code *.sql} files of the real-world corpus named by the {@code safety.corpus} property. */
final class CorpusFiles {

    private CorpusFiles() {
    }

    /** Skips the calling test (with a printed note) when the corpus folder is absent. */
    static Path root() {
        String property = System.getProperty("safety.corpus");
        Path root = property == null ? null : Path.of(property);
        if (root == null || !Files.isDirectory(root)) {
            System.out.println("corpus folder not found (safety.corpus=" + property + "); skipping");
            Assumptions.abort("corpus folder absent: " + property);
        }
        return root;
    }

    static List<Path> sqlFiles() throws IOException {
        return sqlFiles(root());
    }

    static List<Path> sqlFiles(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sql"))
                    .sorted()
                    .toList();
        }
    }
}
