package io.pgsafety.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: its root is the nearest folder up with {@code .ci/run} and a README. */
final class Repository {

    private Repository() {}

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".ci/run")) && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (with .ci/run and README.md) above "
                + Path.of("").toAbsolutePath());
    }
}
