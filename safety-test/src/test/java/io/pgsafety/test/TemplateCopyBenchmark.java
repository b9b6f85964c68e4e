package io.pgsafety.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * How long a test waits for its database: a copy of a seeded template ({@code @WithPostgres(seed =
 * …)}) against building the schema again for each test. Prints medians; run by {@code bench/test-kit.sh}.
 * The seeds: this module's example Flyway history (3 versions) and the whole crates.io diesel
 * history (285 versions) when the corpus is there.
 */
public final class TemplateCopyBenchmark {

    private static final int RUNS = 7;
    /** Flyway's log, a few lines per migration, would bury the figures. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private TemplateCopyBenchmark() {}

    public static void main(String[] args) throws Exception {
        FLYWAY_LOG.setLevel(Level.SEVERE);
        int major = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        PostgresServer server = Servers.forVersion(major);
        System.out.println("server: " + server.description());
        measure(server, "example history (3 migrations)", "classpath:db/migration");
        Path corpus = DieselHistory.corpus();
        if (Files.isDirectory(corpus)) {
            Path history = Files.createTempDirectory("diesel-history");
            DieselHistory.Written written = DieselHistory.write(corpus, history, 0);
            measure(server, "crates.io diesel history (" + written.migrations() + " migrations)", "filesystem:" + history);
        } else {
            System.out.println(corpus + " is absent: the diesel seed is skipped");
        }
    }

    private static void measure(PostgresServer server, String name, String location) throws Exception {
        // Flyway's lock outside a transaction: with its default, a CREATE INDEX CONCURRENTLY waits for it forever.
        TemplateSeed migrate = template -> {
            FluentConfiguration flyway = Flyway.configure().dataSource(template.dataSource()).locations(location);
            flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
            flyway.load().migrate();
        };
        List<Long> reseeding = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            TestDatabase database = TestDatabases.create(server, null);
            migrate.seed(database);
            reseeding.add(System.nanoTime() - start);
            TestDatabases.drop(database);
        }
        String template = TestDatabases.createSeeded(server, migrate);
        List<Long> copying = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            TestDatabase database = TestDatabases.create(server, template);
            copying.add(System.nanoTime() - start);
            TestDatabases.drop(database);
        }
        TestDatabases.dropDatabase(server, template);
        System.out.printf("%-45s database built by migrating: median %5d ms   copy of the seeded template: median %4d ms%n",
                name, median(reseeding), median(copying));
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1_000_000;
    }
}
