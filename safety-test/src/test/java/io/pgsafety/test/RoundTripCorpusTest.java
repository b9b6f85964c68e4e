package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.test.RoundTrip.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round-trip verifier over a real history: the diesel migrations of crates.io
 * ({@code <stamp>_<name>/up.sql} and {@code down.sql}), as a Flyway history ({@code V<n>__<name>.sql}
 * and {@code U<n>__<name>.sql}, in order). The corpus's own pairs that do not round-trip are
 * printed, not failed: the test proves that the verifier walks the whole history.
 */
@WithPostgres
class RoundTripCorpusTest {

    /**
     * The whole history (285 migrations, about 30 s); {@code -Dsafety.roundtrip.corpus-limit=80}
     * checks the first 80 only (about 10 s).
     */
    private static final int DEFAULT_LIMIT = 0;

    @Test
    void cratesIoDieselHistory(TestDatabase database, @TempDir Path history) throws IOException {
        Path corpus = Path.of(System.getProperty("safety.corpus", "../../shared/corpus"), "cratesio-diesel");
        Assumptions.assumeTrue(Files.isDirectory(corpus), () -> {
            System.out.println("RoundTripCorpusTest: " + corpus + " is absent; skipped");
            return "corpus absent: " + corpus;
        });
        int limit = Integer.getInteger("safety.roundtrip.corpus-limit", DEFAULT_LIMIT);
        List<Path> migrations;
        try (Stream<Path> dirs = Files.list(corpus)) {
            migrations = dirs.filter(d -> Files.isRegularFile(d.resolve("up.sql"))).sorted(Comparator.comparing(RoundTripCorpusTest::dieselVersion))
                    .limit(limit > 0 ? limit : Long.MAX_VALUE).toList();
        }
        int withDown = 0;
        for (int i = 0; i < migrations.size(); i++) {
            Path dir = migrations.get(i);
            String name = dir.getFileName().toString().replaceFirst("^[0-9-]+_", "").replaceAll("[^A-Za-z0-9_]", "_");
            Files.copy(dir.resolve("up.sql"), history.resolve("V" + (i + 1) + "__" + name + ".sql"));
            if (Files.isRegularFile(dir.resolve("down.sql"))) {
                Files.copy(dir.resolve("down.sql"), history.resolve("U" + (i + 1) + "__" + name + ".sql"));
                withDown++;
            }
        }

        long start = System.nanoTime();
        RoundTrip.Report report = RoundTrip.checkFlyway(
                Flyway.configure().dataSource(database.dataSource()).locations("filesystem:" + history));
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<Pair> failures = report.failures();
        System.out.printf("RoundTripCorpusTest: %d migrations of cratesio-diesel (%s), %d undo scripts run in %d ms on %s; "
                        + "%d do not round-trip:%n", migrations.size(), limit > 0 ? "first " + limit : "all",
                report.checked().size(), millis, database.serverDescription(), failures.size());
        failures.forEach(f -> System.out.println("  " + f.toString().replace("\n", "\n  ")));
        assertThat(report.pairs()).as("every migration visited").hasSize(migrations.size());
        assertThat(report.checked()).as("every down.sql run").hasSize(withDown);
    }

    /** Diesel orders by the digits of the stamp: {@code 2017-09-23-182408} and {@code 20140924113530} alike. */
    private static String dieselVersion(Path dir) {
        return dir.getFileName().toString().split("_", 2)[0].replace("-", "");
    }
}
