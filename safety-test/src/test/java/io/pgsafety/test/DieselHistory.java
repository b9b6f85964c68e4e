package io.pgsafety.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The diesel migrations of crates.io ({@code <stamp>_<name>/up.sql} and {@code down.sql}) as a
 * Flyway history: {@code V<n>__<name>.sql} and {@code U<n>__<name>.sql}, in diesel's order.
 */
final class DieselHistory {

    /** How many migrations were written, and how many of them have an undo script. */
    record Written(int migrations, int undos) {}

    private DieselHistory() {}

    static Path corpus() {
        return Path.of(System.getProperty("safety.corpus", "../../shared/corpus"), "cratesio-diesel");
    }

    /** Writes the first {@code limit} migrations (all when 0) of {@code corpus} into {@code target}. */
    static Written write(Path corpus, Path target, int limit) throws IOException {
        List<Path> migrations;
        try (Stream<Path> dirs = Files.list(corpus)) {
            migrations = dirs.filter(d -> Files.isRegularFile(d.resolve("up.sql")))
                    .sorted(Comparator.comparing(DieselHistory::dieselVersion))
                    .limit(limit > 0 ? limit : Long.MAX_VALUE).toList();
        }
        int undos = 0;
        for (int i = 0; i < migrations.size(); i++) {
            Path dir = migrations.get(i);
            String name = dir.getFileName().toString().replaceFirst("^[0-9-]+_", "").replaceAll("[^A-Za-z0-9_]", "_");
            Files.copy(dir.resolve("up.sql"), target.resolve("V" + (i + 1) + "__" + name + ".sql"));
            if (Files.isRegularFile(dir.resolve("down.sql"))) {
                Files.copy(dir.resolve("down.sql"), target.resolve("U" + (i + 1) + "__" + name + ".sql"));
                undos++;
            }
        }
        return new Written(migrations.size(), undos);
    }

    /** Diesel orders by the digits of the stamp: {@code 2017-09-23-182408} and {@code 20140924113530} alike. */
    private static String dieselVersion(Path dir) {
        return dir.getFileName().toString().split("_", 2)[0].replace("-", "");
    }
}
