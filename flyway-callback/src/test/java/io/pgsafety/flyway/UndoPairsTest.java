package io.pgsafety.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Undo scripts next to versioned ones: valid names for Flyway, required by the pre-flight, analysed as down migrations. */
class UndoPairsTest extends FlywayTestBase {

    @BeforeEach
    void ordersTable() throws Exception {
        script("V0__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, note text);");
        flyway(Map.of("flyway.safety.enabled", "false")).migrate();
    }

    @Test
    void undoScriptsAreValidNamesUnderValidateMigrationNaming() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        script("U1__customers.sql", "DROP TABLE customers;");

        Flyway flyway = flyway(Map.of("flyway.validateMigrationNaming", "true"));
        flyway.migrate();

        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers')")).isNotNull();
        assertThat(Arrays.stream(flyway.info().all()).map(MigrationInfo::getScript)).containsExactly("V0__orders.sql", "V1__customers.sql");
        flyway.validate();
    }

    @Test
    void otherBadNamesAreStillRejected() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        script("U1__customers.sql", "DROP TABLE customers;");
        script("U__without_version.sql", "SELECT 1;");
        script("X1__unknown_prefix.sql", "SELECT 1;");

        assertThatThrownBy(() -> flyway(Map.of("flyway.validateMigrationNaming", "true")).migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("U__without_version.sql")
                .hasMessageContaining("X1__unknown_prefix.sql")
                .hasMessageNotContaining("U1__customers.sql");
    }

    @Test
    void undoPrefixNamesTheUndoScripts() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        script("D1__customers.sql", "DROP TABLE customers;");

        assertThatThrownBy(() -> flyway(Map.of()).migrate()).hasMessageContaining("error[missing-undo]");

        flyway(Map.of("flyway.safety.undoPrefix", "D", "flyway.validateMigrationNaming", "true")).migrate();
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers')")).isNotNull();
    }

    @Test
    void irreversibleReasonStandsInForTheUndoScript() throws Exception {
        script("V1__backfill.sql", """
                -- safety:irreversible reason="copies data into a new table; the old one is dropped by V2's undo"
                CREATE TABLE customers (id bigint PRIMARY KEY);
                """);

        flyway(Map.of()).migrate();

        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers')")).isNotNull();
    }

    @Test
    void irreversibleWithoutReasonDoesNotCount() throws Exception {
        script("V1__backfill.sql", "-- safety:irreversible\nCREATE TABLE customers (id bigint PRIMARY KEY);");

        assertThatThrownBy(() -> flyway(Map.of()).migrate()).hasMessageContaining("error[missing-undo]");
    }

    @Test
    void undoScriptThatMixesConcurrentAndTransactionalStatementsIsAnalysedSplitAsSafetyUndoRunsIt() throws Exception {
        script("V1__index.sql", "CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);"
                + " CREATE TABLE customers (id bigint PRIMARY KEY);");
        script("V1__index.sql.conf", "executeInTransaction=false");
        script("U1__index.sql", "DROP INDEX CONCURRENTLY orders_note_idx; DROP TABLE customers;");

        flyway(Map.of()).migrate();

        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('orders_note_idx')")).isNotNull();
    }

    @Test
    void undoScriptWhoseConfChoosesATransactionIsAnalysedInOneEvenWithMixed() throws Exception {
        script("V1__index.sql", "CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);"
                + " CREATE TABLE customers (id bigint PRIMARY KEY);");
        script("U1__index.sql", "DROP INDEX CONCURRENTLY orders_note_idx; DROP TABLE customers;");
        script("U1__index.sql.conf", "executeInTransaction=true");

        assertThatThrownBy(() -> flyway(Map.of("flyway.mixed", "true")).migrate())
                .hasMessageContaining("U1__index.sql:1:1: error[concurrently-in-transaction]")
                .hasMessageNotContaining("V1__index.sql:1:1");
    }

    @Test
    void undoScriptPlaceholdersFollowPlaceholderReplacement() throws Exception {
        script("V1__index.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        script("U1__index.sql", "${undo_first} DROP TABLE customers;");

        assertThatThrownBy(() -> flyway(Map.of("flyway.placeholders.undo_first",
                "CREATE INDEX orders_note_idx ON orders (note);")).migrate())
                .hasMessageContaining("U1__index.sql:1:1: error[create-index-non-concurrent]");

        flyway(Map.of("flyway.placeholderReplacement", "false", "flyway.placeholders.undo_first",
                "CREATE INDEX orders_note_idx ON orders (note);")).migrate();
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers')")).isNotNull();
    }
}
