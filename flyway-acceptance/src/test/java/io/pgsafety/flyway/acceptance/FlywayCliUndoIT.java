package io.pgsafety.flyway.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.test.SchemaSnapshot;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import io.pgsafety.testsupport.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undo pairs in the real Flyway command line: a versioned migration without its undo script is
 * blocked, with it the history applies, {@code flyway safety-undo -target=1} takes the schema back
 * to version 1, and {@code migrate} applies the rest again, to the same schema.
 */
@WithPostgres(version = 18)
class FlywayCliUndoIT {

    private static final String U4 = "U4__index_orders_by_customer.sql";

    @TempDir
    Path work;

    @Test
    void aMigrationWithoutUndoIsBlockedAndWithItTheHistoryRoundTrips(TestDatabase database) throws Exception {
        Example.copyInto(work);
        Path undo4 = work.resolve("migrations").resolve(U4);
        Files.move(undo4, work.resolve(U4));
        FlywayCli flyway = new FlywayCli(work, "flyway.conf", database);

        Commands.Result blocked = flyway.run("migrate");
        assertThat(blocked.exitCode()).as(blocked.toString()).isNotZero();
        assertThat(blocked.output())
                .contains("migrations/V4__index_orders_by_customer.sql:2:1: error[missing-undo]")
                .contains("has no down migration");
        assertThat(Example.appliedVersions(database)).isEmpty();

        Files.move(work.resolve(U4), undo4);
        assertSucceeds(flyway.run("migrate", "-target=1"));
        SchemaSnapshot atVersion1 = Example.snapshot(database);
        assertSucceeds(flyway.run("migrate"));
        SchemaSnapshot atVersion4 = Example.snapshot(database);
        assertThat(Example.query(database, "SELECT indisvalid FROM pg_index"
                + " WHERE indexrelid = 'orders_customer_id_idx'::regclass")).isEqualTo("t");

        Commands.Result undo = flyway.run("safety-undo", "-target=1");
        assertSucceeds(undo);
        assertThat(undo.output()).contains("pg-safety undo: undid 3 migration(s); the schema is at version 1");
        assertThat(atVersion1.diff(Example.snapshot(database))).isEmpty();
        assertThat(Example.appliedVersions(database)).containsExactly("1");
        assertSucceeds(flyway.run("validate", "-ignoreMigrationPatterns=*:pending"));

        assertSucceeds(flyway.run("migrate"));
        assertThat(atVersion4.diff(Example.snapshot(database))).isEmpty();
        assertThat(Example.appliedVersions(database)).containsExactly("1", "2", "3", "4");
        assertSucceeds(flyway.run("validate"));
    }

    private static void assertSucceeds(Commands.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }
}
