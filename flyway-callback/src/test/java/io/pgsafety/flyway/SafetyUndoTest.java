package io.pgsafety.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.test.SchemaSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SafetyUndo} through Flyway's Java API on a real PostgreSQL: undo, then migrate again. */
class SafetyUndoTest extends FlywayTestBase {

    @BeforeEach
    void history() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);");
        script("U1__customers.sql", "DROP TABLE customers;");
        script("V2__email.sql", "ALTER TABLE customers ADD COLUMN email text;");
        script("U2__email.sql", "ALTER TABLE customers DROP COLUMN email;");
        script("V3__email_index.sql", "CREATE INDEX CONCURRENTLY customers_email_idx ON customers (email);");
        script("U3__email_index.sql", "DROP INDEX CONCURRENTLY customers_email_idx;");
        script("V4__audit.sql", "CREATE TABLE ${prefix}_audit (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);");
        script("U4__audit.sql", "DROP TABLE ${prefix}_audit;");
    }

    @Test
    void undoToATargetAndMigrateAgainGiveBackTheSameSchemas() throws Exception {
        configure(Map.of()).target("1").load().migrate();
        SchemaSnapshot atVersion1 = snapshot();
        Flyway flyway = flyway(Map.of());
        flyway.migrate();
        SchemaSnapshot atVersion4 = snapshot();

        UndoResult result = SafetyUndo.of(flyway.getConfiguration()).undoTo("1");

        assertThat(result.undoneMigrations).extracting(u -> u.version).containsExactly("4", "3", "2");
        assertThat(result.initialSchemaVersion).isEqualTo("4");
        assertThat(result.targetSchemaVersion).isEqualTo("1");
        assertThat(atVersion1.diff(snapshot())).isEmpty();
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("1");
        assertThat(Arrays.stream(flyway.info().pending()).map(m -> m.getVersion().getVersion())).containsExactly("2", "3", "4");
        flyway(Map.of("flyway.ignoreMigrationPatterns", "*:pending")).validate();

        flyway.migrate();

        assertThat(atVersion4.diff(snapshot())).isEmpty();
        flyway.validate();
        assertThat(Arrays.stream(flyway.info().all()).map(MigrationInfo::getState)).containsOnly(MigrationState.SUCCESS);
    }

    @Test
    void undoLastUndoesTheNewestVersionOnly() throws Exception {
        Flyway flyway = flyway(Map.of());
        flyway.migrate();

        UndoResult result = SafetyUndo.of(flyway.getConfiguration()).undoLast();

        assertThat(result.undoneMigrations).extracting(u -> u.version).containsExactly("4");
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('app_audit')")).isNull();
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers_email_idx')")).isNotNull();
    }

    @Test
    void nothingAboveTheTargetIsNothingToDo() throws Exception {
        Flyway flyway = flyway(Map.of());
        flyway.migrate();

        assertThat(SafetyUndo.of(flyway.getConfiguration()).undoTo("4").undoneMigrations).isEmpty();
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("4");
    }

    @Test
    void aVersionWithoutUndoScriptStopsTheUndoBeforeAnythingRuns() throws Exception {
        script("V5__backfill.sql", "-- safety:irreversible reason=\"a one-off data fix\"\nUPDATE customers SET name = trim(name);");
        Flyway flyway = flyway(Map.of());
        flyway.migrate();

        assertThatThrownBy(() -> SafetyUndo.of(flyway.getConfiguration()).undoTo("3"))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("version 5 (backfill) has no U5__….sql")
                .hasMessageContaining("Nothing was undone");
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("5");
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('app_audit')")).isNotNull();
    }

    @Test
    void anUnsafeUndoScriptIsBlockedWithItsFindings() throws Exception {
        Flyway flyway = flyway(Map.of());
        flyway.migrate();
        script("U3__email_index.sql", "DROP INDEX customers_email_idx;");

        assertThatThrownBy(() -> SafetyUndo.of(flyway.getConfiguration()).undoTo("2"))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("pg-safety blocked this undo before any undo script ran: nothing was undone")
                .hasMessageContaining("U3__email_index.sql:1:1: error[drop-index-non-concurrent]")
                .hasMessageContaining("DROP INDEX CONCURRENTLY");
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("4");
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('app_audit')")).isNotNull();

        SafetyUndo.of(flyway.getConfiguration(), SafetyConfig.builder().mode(SafetyConfig.Mode.WARN).build()).undoTo("2");
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers_email_idx')")).isNull();
    }

    @Test
    void aFailingUndoScriptLeavesItsVersionAppliedAndSaysWhatWasUndone() throws Exception {
        Flyway flyway = flyway(Map.of());
        flyway.migrate();
        script("U2__email.sql", "ALTER TABLE customers DROP COLUMN email;\nSELECT 1 / 0;");

        assertThatThrownBy(() -> SafetyUndo.of(flyway.getConfiguration()).undoTo("1"))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("U2__email.sql failed at line 2 (SELECT 1 / 0)")
                .hasMessageContaining("division by zero")
                .hasMessageContaining("version 2 (email) is still applied; undone before it: 4, 3");
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("2");
        assertThat(PostgresServer.queryString(url, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'customers' AND column_name = 'email'")).isEqualTo("1");
    }

    @Test
    void anUndoNeverRunsWhileAMigrateHoldsFlywaysLock() throws Exception {
        List<String> seen = new ArrayList<>();
        Callback undoDuringMigrate = on(Event.BEFORE_EACH_MIGRATE, "undo-during-migrate", context -> {
            try {
                SafetyUndo.of(context.getConfiguration()).undoLast();
                seen.add("undone");
            } catch (FlywayException e) {
                seen.add(e.getMessage());
            }
        });
        Flyway flyway = flyway(Map.of());
        flyway.migrate();
        script("V5__notes.sql", "ALTER TABLE customers ADD COLUMN notes text;");
        script("U5__notes.sql", "ALTER TABLE customers DROP COLUMN notes;");

        configure(Map.of()).callbacks(undoDuringMigrate).load().migrate();

        assertThat(seen).singleElement().asString()
                .contains("another Flyway command holds the lock of \"public\".\"flyway_schema_history\"");
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("5");
    }

    @Test
    void anUndoScriptWithExecuteInTransactionFalseKeepsWhatRanBeforeItsFailure() throws Exception {
        Flyway flyway = flyway(Map.of());
        flyway.migrate();
        script("U4__audit.sql", "DROP TABLE app_audit;\nSELECT 1 / 0;");
        script("U4__audit.sql.conf", "executeInTransaction=false");

        assertThatThrownBy(() -> SafetyUndo.of(flyway.getConfiguration()).undoLast())
                .hasMessageContaining("U4__audit.sql failed at line 2 (SELECT 1 / 0)");
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('app_audit')")).isNull();
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("4");
    }

    @Test
    void anUndoScriptThatMixesAConcurrentBuildWithTransactionalStatementsIsSplitAroundIt() throws Exception {
        script("V5__notes.sql", "DROP INDEX CONCURRENTLY customers_email_idx;\nALTER TABLE customers ADD COLUMN notes text;");
        script("U5__notes.sql", "ALTER TABLE customers DROP COLUMN notes;\n"
                + "CREATE INDEX CONCURRENTLY customers_email_idx ON customers (email);");
        Flyway flyway = flyway(Map.of());
        flyway.migrate();

        SafetyUndo.of(flyway.getConfiguration()).undoLast();

        assertThat(indexValid("customers_email_idx")).isEqualTo("t");
        assertThat(PostgresServer.queryString(url, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'customers' AND column_name = 'notes'")).isEqualTo("0");
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("4");
    }

    @Test
    void statementTimeoutStopsABlockingUndoStatementButNotAConcurrentBuild() throws Exception {
        Flyway flyway = flyway(Map.of("flyway.safety.statementTimeout", "200ms", "flyway.safety.mode", "warn"));
        flyway.migrate();
        // Every row takes 50 ms to check or index: 8 rows outlast a 200 ms statement timeout.
        PostgresServer.execute(url, "CREATE FUNCTION slow(n int) RETURNS int IMMUTABLE LANGUAGE sql"
                + " AS 'SELECT n FROM (SELECT pg_sleep(0.05)) s';"
                + " CREATE TABLE slow_rows (id int); INSERT INTO slow_rows SELECT generate_series(1, 8);"
                + " ALTER TABLE slow_rows ADD CONSTRAINT slow_check CHECK (slow(id) > 0) NOT VALID");
        script("V5__drop_slow_index.sql", "DROP INDEX CONCURRENTLY IF EXISTS slow_rows_idx;");
        script("U5__drop_slow_index.sql", "CREATE INDEX CONCURRENTLY slow_rows_idx ON slow_rows (slow(id));");
        script("V6__drop_slow_check.sql", "ALTER TABLE slow_rows DROP CONSTRAINT slow_check;");
        script("U6__drop_slow_check.sql", "ALTER TABLE slow_rows ADD CONSTRAINT slow_check CHECK (slow(id) > 0);");
        flyway.migrate();

        assertThatThrownBy(() -> SafetyUndo.of(flyway.getConfiguration()).undoLast())
                .hasMessageContaining("U6__drop_slow_check.sql failed at line 1")
                .hasMessageContaining("statement timeout")
                .hasMessageContaining("version 6 (drop slow check) is still applied");

        script("U6__drop_slow_check.sql", "ALTER TABLE slow_rows ADD CONSTRAINT slow_check CHECK (slow(id) > 0) NOT VALID;");
        SafetyUndo.of(flyway.getConfiguration()).undoTo("4");

        assertThat(indexValid("slow_rows_idx")).isEqualTo("t");
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("4");
    }

    @Test
    void anInvalidIndexLeftUnderTheNameAnUndoScriptBuildsIsDroppedAndBuiltAgain() throws Exception {
        script("V5__drop_name_key.sql", "DROP INDEX CONCURRENTLY IF EXISTS customers_name_key;");
        script("U5__drop_name_key.sql", "CREATE UNIQUE INDEX CONCURRENTLY customers_name_key ON customers (name);");
        Flyway flyway = flyway(Map.of());
        flyway.migrate();
        PostgresServer.execute(url, "INSERT INTO customers (id, name) VALUES (1, 'ann'), (2, 'ann')");
        assertThatThrownBy(() -> PostgresServer.execute(url,
                "CREATE UNIQUE INDEX CONCURRENTLY customers_name_key ON customers (name)"))
                .hasMessageContaining("could not create unique index");
        assertThat(indexValid("customers_name_key")).as("left by the failed build").isEqualTo("f");
        PostgresServer.execute(url, "UPDATE customers SET name = 'bob' WHERE id = 2");

        SafetyUndo.of(flyway.getConfiguration()).undoLast();

        assertThat(indexValid("customers_name_key")).isEqualTo("t");
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("4");
    }

    @Test
    void theSessionsOwnTimeoutsAreBackAfterAnUndoScript() throws Exception {
        flyway(Map.of()).migrate();
        SafetyConfig config = SafetyConfig.builder().lockTimeout(Duration.ofMillis(1500))
                .statementTimeout(Duration.ofSeconds(4)).build();
        // Both statements run outside a transaction: the guard's values are session values until it is done.
        Migration undo = Migration.builder("U5__notes.sql", """
                ALTER TABLE customers ADD COLUMN notes text;
                CREATE INDEX CONCURRENTLY customers_notes_idx ON customers (notes);
                """).kind(Migration.Kind.DOWN).transactionMode(Migration.TransactionMode.AUTOCOMMIT).build();
        List<String> seenByFinish = new ArrayList<>();
        try (Connection connection = PostgresServer.connect(url)) {
            execute(connection, "SET lock_timeout = '7s'; SET statement_timeout = '9s'");
            int pgVersion = connection.getMetaData().getDatabaseMajorVersion();

            new UndoScriptRunner(config, () -> PostgresServer.connect(url), pgVersion).run(connection, undo,
                    c -> seenByFinish.add(PostgresServer.query(c, "SELECT current_setting('lock_timeout')")));

            assertThat(seenByFinish).containsExactly("1500ms");
            assertThat(PostgresServer.query(connection, "SHOW lock_timeout")).isEqualTo("7s");
            assertThat(PostgresServer.query(connection, "SHOW statement_timeout")).isEqualTo("9s");
            assertThat(connection.getAutoCommit()).isTrue();
        }
        assertThat(indexValid("customers_notes_idx")).isEqualTo("t");
    }

    @Test
    void disabledTheUndoScriptRunsWithoutTheGuard() throws Exception {
        flyway(Map.of()).migrate();
        SafetyConfig disabled = SafetyConfig.builder().enabled(false).lockTimeout(Duration.ofMillis(1500)).build();
        Migration undo = Migration.builder("U5__seen.sql", """
                CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout;
                """).kind(Migration.Kind.DOWN).transactionMode(Migration.TransactionMode.WRAPPED).build();
        try (Connection connection = PostgresServer.connect(url)) {
            execute(connection, "SET lock_timeout = '7s'");
            int pgVersion = connection.getMetaData().getDatabaseMajorVersion();

            new UndoScriptRunner(disabled, () -> PostgresServer.connect(url), pgVersion).run(connection, undo, c -> { });

            assertThat(PostgresServer.query(connection, "SELECT lock_timeout FROM seen")).isEqualTo("7s");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private SchemaSnapshot snapshot() throws Exception {
        try (Connection c = PostgresServer.connect(url)) {
            return SchemaSnapshot.take(c, "public.flyway_schema_history");
        }
    }

    /** The scripts' {@code ${prefix}} placeholder is {@code app}. */
    @Override
    FluentConfiguration configure(Map<String, String> settings) {
        Map<String, String> map = new HashMap<>(settings);
        map.put("flyway.placeholders.prefix", "app");
        return super.configure(map);
    }
}
