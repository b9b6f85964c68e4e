package io.pgsafety.test;

import java.util.List;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Proves that each migration's undo really undoes it, on a real database.
 *
 * <p>For a Flyway history, for each version N in order: migrate to N-1 and take a
 * {@link SchemaSnapshot}, migrate to N, run {@code U<N>__….sql}, compare with the snapshot, migrate
 * to N again. Open-source Flyway cannot undo, so the verifier runs the undo script's statements
 * itself (in one transaction, unless one of them must run outside one) and deletes version N's row
 * from the schema history table.
 *
 * <p>For a Liquibase changelog, for each pending changeset in order: take a snapshot, update one
 * changeset, roll one changeset back, compare with the snapshot, update it again.
 *
 * <pre>{@code
 * @WithPostgres
 * class MigrationsRoundTripTest {
 *     @Test
 *     void everyUndoRestoresTheSchema(TestDatabase db) {
 *         RoundTrip.flyway(db.dataSource(), "classpath:db/migration");
 *         // or: RoundTrip.liquibase(db.dataSource(), "db/changelog/db.changelog-master.yaml");
 *     }
 * }
 * }</pre>
 *
 * <p>Run it on a database made for the test: after a migration whose undo fails, the verifier
 * rebuilds the schema from nothing (Flyway {@code clean}; for Liquibase, every schema dropped) and
 * goes on with the next one. Flyway (with {@code flyway-database-postgresql}) or Liquibase must be
 * on the test class path; the kit needs neither otherwise.
 */
public final class RoundTrip {

    private RoundTrip() {}

    /** What happened to one migration. */
    public enum Outcome {
        /** The undo restored the schema and the migration applied again. */
        ROUND_TRIPS,
        /** The schema after the undo is not the schema before the migration. */
        SCHEMA_DIFFERS,
        /** The undo failed. */
        UNDO_FAILED,
        /** The migration failed when applied again after its undo. */
        REDO_FAILED,
        /** The migration has no undo (script or rollback): nothing was checked. */
        NO_UNDO,
        /** The migration itself failed on the way to this one: the run stops here. */
        MIGRATION_FAILED;

        public boolean failed() {
            return this != ROUND_TRIPS && this != NO_UNDO;
        }
    }

    /**
     * One migration's round trip. {@code migration} names it: {@code V2 (order notes)} for a Flyway
     * version, {@code db/changelog.xml::add-notes::alice} (file, id, author) for a Liquibase
     * changeset. {@code detail} is the schema diff or the error.
     */
    public record Pair(String migration, Outcome outcome, String detail) {

        @Override
        public String toString() {
            return migration + ": " + outcome.name().toLowerCase().replace('_', ' ')
                    + (detail.isEmpty() ? "" : "\n    " + detail.replace("\n", "\n    "));
        }
    }

    /** Every migration of the history, in order. */
    public static final class Report {

        private final String undos;
        private final List<Pair> pairs;

        Report(String undos, List<Pair> pairs) {
            this.undos = undos;
            this.pairs = List.copyOf(pairs);
        }

        public List<Pair> pairs() {
            return pairs;
        }

        public List<Pair> failures() {
            return pairs.stream().filter(p -> p.outcome().failed()).toList();
        }

        /** Migrations whose undo was run (whatever came of it). */
        public List<Pair> checked() {
            return pairs.stream().filter(p -> p.outcome() != Outcome.NO_UNDO).toList();
        }

        /** Throws an {@link AssertionError} listing the failing migrations, with their schema diffs. */
        public void assertRoundTrips() {
            List<Pair> failures = failures();
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.size() + " of " + checked().size() + " " + undos
                        + " do not restore the schema:\n" + String.join("\n", failures.stream().map(Pair::toString).toList()));
            }
        }

        @Override
        public String toString() {
            return String.join("\n", pairs.stream().map(Pair::toString).toList());
        }
    }

    /** Checks the Flyway history in {@code locations} on {@code dataSource}; fails with a schema diff. */
    public static void flyway(DataSource dataSource, String... locations) {
        flyway(FlywayRoundTrip.configure(dataSource, locations));
    }

    /** As {@link #flyway(DataSource, String...)}, with the project's own Flyway configuration. */
    public static void flyway(FluentConfiguration configuration) {
        checkFlyway(configuration).assertRoundTrips();
    }

    /** Runs every Flyway round trip and reports each version, failing or not. */
    public static Report checkFlyway(FluentConfiguration configuration) {
        return FlywayRoundTrip.check(configuration);
    }

    /**
     * Checks every changeset of the Liquibase changelog {@code changelog} (a class path resource,
     * such as {@code db/changelog/db.changelog-master.yaml}) on {@code dataSource}; fails with a
     * schema diff naming each changeset whose rollback does not restore the schema.
     */
    public static void liquibase(DataSource dataSource, String changelog) {
        LiquibaseRoundTrip.check(dataSource, changelog).assertRoundTrips();
    }

    /**
     * As {@link #liquibase(DataSource, String)}, with the project's own {@link Liquibase} (its
     * resource accessor, changelog parameters) and the contexts and labels its updates use.
     */
    public static void liquibase(Liquibase liquibase, Contexts contexts, LabelExpression labels) {
        checkLiquibase(liquibase, contexts, labels).assertRoundTrips();
    }

    /** Runs every Liquibase round trip and reports each pending changeset, failing or not. */
    public static Report checkLiquibase(Liquibase liquibase, Contexts contexts, LabelExpression labels) {
        return LiquibaseRoundTrip.check(liquibase, contexts, labels);
    }
}
