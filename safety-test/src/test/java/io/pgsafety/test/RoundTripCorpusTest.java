package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.test.RoundTrip.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round-trip verifier over a real history: the diesel migrations of crates.io as a Flyway
 * history ({@link DieselHistory}). The corpus's own pairs that do not round-trip are printed, not
 * failed: the test proves that the verifier walks the whole history.
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
        Path corpus = DieselHistory.corpus();
        Assumptions.assumeTrue(Files.isDirectory(corpus), () -> {
            System.out.println("RoundTripCorpusTest: " + corpus + " is absent; skipped");
            return "corpus absent: " + corpus;
        });
        int limit = Integer.getInteger("safety.roundtrip.corpus-limit", DEFAULT_LIMIT);
        DieselHistory.Written written = DieselHistory.write(corpus, history, limit);

        long start = System.nanoTime();
        RoundTrip.Report report = RoundTrip.checkFlyway(
                Flyway.configure().dataSource(database.dataSource()).locations("filesystem:" + history));
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<Pair> failures = report.failures();
        System.out.printf("RoundTripCorpusTest: %d migrations of cratesio-diesel (%s), %d undo scripts run in %d ms on %s; "
                        + "%d do not round-trip:%n", written.migrations(), limit > 0 ? "first " + limit : "all",
                report.checked().size(), millis, database.serverDescription(), failures.size());
        failures.forEach(f -> System.out.println("  " + f.toString().replace("\n", "\n  ")));
        assertThat(report.pairs()).as("every migration visited").hasSize(written.migrations());
        assertThat(report.checked()).as("every down.sql run").hasSize(written.undos());
    }
}
