package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.test.RoundTrip.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Liquibase round trip over a real changelog: Apache Fineract's. Its tenant changelog starts
 * from the schema of {@code tenant/initial-switch-changelog-tenant.xml} (context
 * {@code initial_switch}: about a thousand changesets creating the tables, then a megabyte of
 * data). The changesets that do not round-trip are printed, not failed: the test proves that the
 * verifier walks a real changelog.
 */
@WithPostgres
class LiquibaseRoundTripCorpusTest {

    /**
     * The first 20 changesets of the initial schema (createTable, their automatic rollback);
     * {@code -Dsafety.roundtrip.fineract-limit=1019} checks all of them.
     */
    private static final int DEFAULT_LIMIT = 20;

    @Test
    void fineractInitialSchema(TestDatabase database) throws Exception {
        Path corpus = corpus();
        int limit = Integer.getInteger("safety.roundtrip.fineract-limit", DEFAULT_LIMIT);
        try (Liquibase initial = fineract(database, corpus, "tenant/initial-switch-changelog-tenant.xml")) {
            check(initial, new Contexts("initial_switch", "postgresql"), limit, database);
        }
    }

    /**
     * The changesets after the initial switch, where rollbacks are written by hand: not in the
     * build (the initial switch alone, a megabyte of data, takes most of a minute);
     * {@code -Dsafety.roundtrip.fineract-upgrades=320} checks all of them.
     */
    @Test
    void fineractUpgrades(TestDatabase database) throws Exception {
        Path corpus = corpus();
        int limit = Integer.getInteger("safety.roundtrip.fineract-upgrades", 0);
        Assumptions.assumeTrue(limit > 0, "-Dsafety.roundtrip.fineract-upgrades=<changesets> runs it");
        long start = System.nanoTime();
        try (Liquibase initial = fineract(database, corpus, "tenant/initial-switch-changelog-tenant.xml")) {
            initial.update(new Contexts("initial_switch", "postgresql"));
        }
        System.out.printf("LiquibaseRoundTripCorpusTest: initial switch applied in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        try (Liquibase tenant = fineract(database, corpus, "tenant/changelog-tenant.xml")) {
            check(tenant, new Contexts("postgresql"), limit, database);
        }
    }

    private static void check(Liquibase whole, Contexts contexts, int limit, TestDatabase database) throws Exception {
        DatabaseChangeLog first = new DatabaseChangeLog(whole.getDatabaseChangeLog().getPhysicalFilePath());
        List<ChangeSet> pending = whole.listUnrunChangeSets(contexts, new LabelExpression());
        pending.stream().limit(limit).forEach(first::addChangeSet);

        long start = System.nanoTime();
        RoundTrip.Report report = RoundTrip.checkLiquibase(
                new Liquibase(first, whole.getResourceAccessor(), whole.getDatabase()), contexts, new LabelExpression());
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<Pair> failures = report.failures();
        System.out.printf("LiquibaseRoundTripCorpusTest: first %d of %d changesets of fineract %s, %d rollbacks run "
                        + "in %d ms on %s; %d do not round-trip:%n", first.getChangeSets().size(), pending.size(),
                whole.getChangeLogFile(), report.checked().size(), millis, database.serverDescription(), failures.size());
        failures.forEach(f -> System.out.println("  " + f.toString().replace("\n", "\n  ")));
        assertThat(report.pairs()).as("every changeset visited").hasSize(first.getChangeSets().size());
    }

    private static Path corpus() {
        Path corpus = Path.of(System.getProperty("safety.corpus", "../../shared/corpus"), "fineract-liquibase");
        Assumptions.assumeTrue(Files.isDirectory(corpus), () -> {
            System.out.println("LiquibaseRoundTripCorpusTest: " + corpus + " is absent; skipped");
            return "corpus absent: " + corpus;
        });
        return corpus;
    }

    /** Fineract's master changelog defines these properties for the changelogs it includes. */
    private static Liquibase fineract(TestDatabase database, Path corpus, String changelog) throws Exception {
        Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(database.open()));
        Liquibase liquibase = new Liquibase(changelog, new DirectoryResourceAccessor(corpus), db);
        liquibase.setChangeLogParameter("current_date", "CURRENT_DATE");
        liquibase.setChangeLogParameter("current_datetime", "NOW()");
        liquibase.setChangeLogParameter("uuid", "uuid_generate_v4()");
        return liquibase;
    }
}
