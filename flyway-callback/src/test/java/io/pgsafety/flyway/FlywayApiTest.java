package io.pgsafety.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pgsafety.core.config.SafetyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plugin through Flyway's Java API ({@code flyway.version} of the build) on a real PostgreSQL. */
class FlywayApiTest extends FlywayTestBase {

    @BeforeEach
    void ordersTable() throws Exception {
        // A table applied by an earlier deploy: locks taken on it matter.
        script("V0__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, note text);"
                + "INSERT INTO orders SELECT g, g % 10, 'n' FROM generate_series(1, 1000) g;");
        flyway(Map.of("flyway.safety.enabled", "false")).migrate();
    }

    @Test
    void unsafeThirdMigrationBlocksTheWholeRunBeforeAnythingIsApplied() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        script("U1__customers.sql", "DROP TABLE customers;");
        script("V2__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");
        script("U2__invoices.sql", "DROP TABLE invoices;");
        script("V3__index_and_type.sql", """
                CREATE INDEX orders_customer_idx ON orders (customer_id);
                ALTER TABLE orders ALTER COLUMN customer_id TYPE int;
                """);
        script("U3__index_and_type.sql", """
                ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint;
                DROP INDEX orders_customer_idx;
                """);

        assertThatThrownBy(() -> flyway(Map.of()).migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("nothing was applied")
                .hasMessageContaining("V3__index_and_type.sql:1:1: error[create-index-non-concurrent]")
                .hasMessageContaining("CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)")
                .hasMessageContaining("V3__index_and_type.sql:2:20: error[change-column-type]")
                .hasMessageContaining("lock: SHARE on")
                .hasMessageContaining("safe alternative");

        assertThat(PostgresServer.queryString(url, "SELECT count(*) FROM flyway_schema_history")).isEqualTo("1");
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers')")).isNull();
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('invoices')")).isNull();
    }

    @Test
    void warnModeReportsAndMigrates() throws Exception {
        script("V1__index.sql", "CREATE INDEX orders_customer_idx ON orders (customer_id);");
        script("U1__index.sql", "DROP INDEX orders_customer_idx;");

        flyway(Map.of("flyway.safety.mode", "warn")).migrate();

        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('orders_customer_idx')")).isNotNull();
    }

    @Test
    void concurrentIndexAloneInItsScriptCompletesWithFlywaysDefaultLock() throws Exception {
        script("V1__note_column.sql", "ALTER TABLE orders ADD COLUMN status text;");
        script("U1__note_column.sql", "ALTER TABLE orders DROP COLUMN status;");
        script("V2__index.sql", "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);");
        script("U2__index.sql", "DROP INDEX CONCURRENTLY orders_customer_idx;");

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> flyway(Map.of()).migrate());

        assertThat(PostgresServer.queryString(url, "SELECT indisvalid FROM pg_index"
                + " WHERE indexrelid = 'orders_customer_idx'::regclass")).isEqualTo("t");
        assertThat(PostgresServer.queryString(url, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isEqualTo("3");
    }

    @Test
    void versionedScriptWithoutUndoIsBlockedAndPassesOnceTheUndoExists() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");

        assertThatThrownBy(() -> flyway(Map.of()).migrate())
                .hasMessageContaining("error[missing-undo]")
                .hasMessageContaining("V1__customers.sql has no down migration");
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers')")).isNull();

        script("U1__customers.sql", "DROP TABLE customers;");
        flyway(Map.of()).migrate();
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers')")).isNotNull();
    }

    @Test
    void requireUndoFalseLetsAVersionedScriptWithoutUndoRun() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");

        flyway(Map.of("flyway.safety.requireUndo", "false")).migrate();

        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('customers')")).isNotNull();
    }

    @Test
    void undoScriptsAreAnalysedAsDownMigrations() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        script("U1__customers.sql", "CREATE INDEX orders_note_idx ON orders (note); DROP TABLE customers;");

        assertThatThrownBy(() -> flyway(Map.of()).migrate())
                .hasMessageContaining("U1__customers.sql:1:1: error[create-index-non-concurrent]");
    }

    @Test
    void unknownSafetyKeyFailsNamingIt() {
        assertThatThrownBy(() -> flyway(Map.of("flyway.safety.foo", "1")))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("flyway.safety.foo");
    }

    @Test
    void badValueFailsNamingItsKey() throws Exception {
        script("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");

        assertThatThrownBy(() -> flyway(Map.of("flyway.safety.mode", "sometimes")).migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("flyway.safety.mode")
                .hasMessageContaining("sometimes");
    }

    @Test
    void ruleSeverityKeysApply() throws Exception {
        script("V1__index.sql", "CREATE INDEX orders_customer_idx ON orders (customer_id);");
        script("U1__index.sql", "DROP INDEX orders_customer_idx;");

        flyway(Map.of("flyway.safety.rules.create-index-non-concurrent", "warning")).migrate();

        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('orders_customer_idx')")).isNotNull();
    }

    @Test
    void disabledPluginDoesNothing() throws Exception {
        script("V1__index.sql", "CREATE INDEX orders_customer_idx ON orders (customer_id);");

        flyway(Map.of("flyway.safety.enabled", "false")).migrate();

        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('orders_customer_idx')")).isNotNull();
    }

    @Test
    void explicitCallbackRunsAloneWhenThePluginIsAlsoPresent() throws Exception {
        script("V1__index.sql", "CREATE INDEX orders_customer_idx ON orders (customer_id);");
        script("U1__index.sql", "DROP INDEX orders_customer_idx;");

        // The auto-registered callback would enforce (the default); the explicit one only warns.
        configure(Map.of()).callbacks(new SafetyCallback(SafetyConfig.builder().mode(SafetyConfig.Mode.WARN).build()))
                .load().migrate();

        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('orders_customer_idx')")).isNotNull();
    }

    @Test
    void placeholdersAreReplacedAsFlywayDoes() throws Exception {
        script("V1__index.sql", "CREATE INDEX ${name}_idx ON ${flyway:defaultSchema}.${TABLE} (customer_id);");
        script("U1__index.sql", "DROP INDEX ${name}_idx;");

        assertThatThrownBy(() -> configure(Map.of())
                .placeholders(Map.of("name", "by_customer", "table", "orders")).load().migrate())
                .hasMessageContaining("CREATE INDEX CONCURRENTLY by_customer_idx ON public.orders (customer_id)");
    }

    @Test
    void classpathScriptsAreRead() {
        assertThatThrownBy(() -> configure(Map.of()).locations("filesystem:" + migrations, "classpath:db/safety-classpath").load().migrate())
                .hasMessageContaining("db/safety-classpath/V2__index.sql:1:1: error[create-index-non-concurrent]");
    }

    @Test
    void reportFileGetsTheJsonReport() throws Exception {
        script("V1__index.sql", "CREATE INDEX orders_customer_idx ON orders (customer_id);");
        script("U1__index.sql", "DROP INDEX orders_customer_idx;");
        Path report = migrations.resolveSibling(migrations.getFileName() + "-report").resolve("safety.json");

        assertThatThrownBy(() -> flyway(Map.of("flyway.safety.reportFile", report.toString())).migrate())
                .isInstanceOf(FlywayException.class);

        assertThat(Files.readString(report)).contains("\"rule\": \"create-index-non-concurrent\"");
    }

    @Test
    void withGroupTheLockOfOneMigrationIsReportedAsHeldThroughTheNext() throws Exception {
        script("V1__status.sql", "ALTER TABLE orders ADD COLUMN status text;");
        script("U1__status.sql", "ALTER TABLE orders DROP COLUMN status;");
        script("V2__backfill.sql", "UPDATE orders SET note = 'checked' WHERE id < 10;");
        script("U2__backfill.sql", "UPDATE orders SET note = 'n' WHERE id < 10;");
        Path report = migrations.resolveSibling(migrations.getFileName() + "-report").resolve("safety.json");

        flyway(Map.of("flyway.group", "true", "flyway.safety.mode", "warn",
                "flyway.safety.reportFile", report.toString())).migrate();

        assertThat(Files.readString(report)).contains("\"rule\": \"statements-after-access-exclusive\"",
                "V2__backfill.sql", "line 1 of " + migrations.resolve("V1__status.sql"));
    }
}
