package io.pgsafety.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.runtime.GuardSession;
import io.pgsafety.core.runtime.LockRetryExhaustedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime guard through Flyway's Java API on a real PostgreSQL: statements split between
 * transactions and autocommit, lock timeouts retried against a real blocking session, statement
 * timeouts, INVALID index clean-up, and a history that plain Flyway still accepts.
 */
class RuntimeGuardTest extends FlywayTestBase {

    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);
    /** Loose bound on one attempt's wait: lock_timeout plus scheduling slack on a busy machine. */
    private static final Duration ATTEMPT_BOUND = LOCK_TIMEOUT.plusSeconds(2);
    private static final Duration NO_HANG = Duration.ofSeconds(60);

    private Connection holder;

    @BeforeEach
    void ordersTable() throws Exception {
        script("V0__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, code text);"
                + "INSERT INTO orders SELECT g, g % 10, 'c' || g FROM generate_series(1, 1000) g;");
        configure(Map.of("flyway.safety.enabled", "false")).load().migrate();
    }

    @AfterEach
    void releaseHolder() throws SQLException {
        if (holder != null) {
            holder.close();
        }
    }

    @Test
    void mixedScriptSplitsAroundTheConcurrentBuildWithFlywaysDefaultsAndPlainFlywayValidatesIt() throws Throwable {
        script("V1__status.sql", """
                ALTER TABLE orders ADD COLUMN status text;
                CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
                ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
                """);

        assertTimeoutPreemptively(NO_HANG, () -> configure(Map.of()).load().migrate());

        assertThat(indexValid("orders_status_idx")).isEqualTo("t");
        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name IN ('status', 'shipped_at')")).isEqualTo("2");
        assertThat(query("SELECT success FROM flyway_schema_history WHERE version = '1'")).isEqualTo("t");
        assertThat(query("SELECT type || ' ' || script FROM flyway_schema_history WHERE version = '1'"))
                .isEqualTo("SQL V1__status.sql");
        try (FlywayWithoutPlugin plain = new FlywayWithoutPlugin()) {
            plain.validate(url, "filesystem:" + migrations);
            assertThat(plain.resolvedChecksums(url, "filesystem:" + migrations)).contains("V1__status.sql="
                    + query("SELECT checksum FROM flyway_schema_history WHERE version = '1'"));
        }
    }

    @Test
    void failureInATransactionalRunKeepsWhatCommittedBeforeItAndRepairPlusRerunConverges() throws Exception {
        script("V1__status.sql", """
                ALTER TABLE orders ADD COLUMN status text;
                CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
                ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
                ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
                """);

        assertThatThrownBy(() -> configure(Map.of()).load().migrate()).isInstanceOf(FlywayException.class)
                .hasMessageContaining("already exists");

        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name = 'shipped_at'")).as("its transaction was rolled back").isEqualTo("0");
        assertThat(indexValid("orders_status_idx")).as("committed before the failure").isEqualTo("t");
        Flyway flyway = configure(Map.of()).load();
        assertThat(flyway.info().current().getState()).isEqualTo(MigrationState.FAILED);
        assertThatThrownBy(flyway::validate).hasMessageContaining("failed");

        script("V1__status.sql", """
                ALTER TABLE orders ADD COLUMN IF NOT EXISTS status text;
                CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
                ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
                """);
        flyway.repair();
        flyway.migrate();

        assertThat(query("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo("2");
        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name = 'shipped_at'")).isEqualTo("1");
    }

    @Test
    void statementsInATransactionRunUnderTheirLockTimeoutWhetherItRidesWithThemOrNotAsForCopy() throws Exception {
        script("V1__codes.sql", """
                CREATE TABLE codes (code text);
                CREATE TABLE seen (lock_timeout text);
                CREATE FUNCTION record_lock_timeout() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO seen VALUES (current_setting('lock_timeout'));
                  RETURN NEW;
                END $$;
                CREATE TRIGGER codes_seen BEFORE INSERT ON codes FOR EACH ROW EXECUTE FUNCTION record_lock_timeout();
                INSERT INTO codes VALUES ('a');
                COPY codes (code) FROM STDIN;
                b
                c
                \\.
                ALTER TABLE codes ADD COLUMN note text;
                """);

        configure(Map.of()).load().migrate();

        assertThat(query("SELECT string_agg(code, ',' ORDER BY code) FROM codes")).isEqualTo("a,b,c");
        assertThat(query("SELECT string_agg(DISTINCT lock_timeout, ',') || ' x' || count(*) FROM seen"))
                .isEqualTo("300ms x3");
    }

    @Test
    void scriptThatSaysExecuteInTransactionFalseRunsStatementByStatementAsGiven() throws Exception {
        script("V1__columns.sql", """
                ALTER TABLE orders ADD COLUMN status text;
                ALTER TABLE orders ADD COLUMN status text;
                """);
        script("V1__columns.sql.conf", "executeInTransaction=false");

        assertThatThrownBy(() -> configure(Map.of()).load().migrate()).hasMessageContaining("already exists");

        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name = 'status'")).as("committed on its own").isEqualTo("1");
    }

    @Test
    void confThatChoosesOneTransactionForAMixedScriptBlocksTheMigrateBeforeAnythingIsApplied() throws Exception {
        script("V1__audit.sql", "CREATE TABLE audit (id bigint);");
        script("V2__status.sql", """
                ALTER TABLE orders ADD COLUMN status text;
                CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
                """);
        script("V2__status.sql.conf", "executeInTransaction=true");

        // Unblocked, Flyway would apply V1, then fail V2 with SQLSTATE 25001 inside its one transaction.
        assertThatThrownBy(() -> configure(Map.of()).load().migrate()).isInstanceOf(FlywayException.class)
                .hasMessageContaining("nothing was applied")
                .hasMessageContaining("V2__status.sql:2:1: error[concurrently-in-transaction]")
                .hasMessageContaining("executeInTransaction=false in its V…sql.conf")
                .hasMessageContaining("V2__status.sql.conf sets executeInTransaction=true, so Flyway runs all of"
                        + " V2__status.sql in one transaction: remove that line");
        assertThat(query("SELECT count(*) FROM flyway_schema_history")).isEqualTo("1");
        assertThat(query("SELECT to_regclass('audit')")).isNull();

        script("V2__status.sql.conf", "executeInTransaction=false");
        script("V3__shipped.sql", """
                ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
                CREATE INDEX CONCURRENTLY orders_shipped_idx ON orders (shipped_at);
                """);
        assertTimeoutPreemptively(NO_HANG, () -> configure(Map.of()).load().migrate());

        assertThat(indexValid("orders_status_idx")).isEqualTo("t");
        assertThat(indexValid("orders_shipped_idx")).isEqualTo("t");
        assertThat(query("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo("4");
    }

    @Test
    void confThatChoosesATransactionOverridesTheConfigurationsExecuteInTransactionFalse() throws Exception {
        script("V1__index.sql", "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);");
        script("V1__index.sql.conf", "executeInTransaction = TRUE");

        assertThatThrownBy(() -> configure(Map.of("flyway.executeInTransaction", "false")).load().migrate())
                .hasMessageContaining("V1__index.sql:1:1: error[concurrently-in-transaction]");

        script("V1__index.sql.conf", "");
        configure(Map.of("flyway.executeInTransaction", "false")).load().migrate();
        assertThat(indexValid("orders_customer_idx")).isEqualTo("t");
    }

    @Test
    void settingsGivenToAnExplicitCallbackGovernTheStatements() throws Exception {
        int holderPid = holdLock("SELECT count(*) FROM orders");
        script("V1__status.sql", "ALTER TABLE orders ADD COLUMN status text;");
        SafetyConfig noRetries = SafetyConfig.builder().requireUndo(false).lockTimeout(LOCK_TIMEOUT).lockRetries(0)
                .build();

        assertThatThrownBy(() -> configure(Map.of()).callbacks(new SafetyCallback(noRetries)).load().migrate())
                .hasMessageContaining("Gave up after 1 attempt:")
                .hasMessageContaining("pid " + holderPid);
    }

    @Test
    void reindexAndDetachPartitionConcurrentlyRunOutsideTheTransactionOfTheirScript() throws Exception {
        execute("CREATE TABLE events (at date NOT NULL, kind text) PARTITION BY RANGE (at);"
                + "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
                + "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
        script("V1__maintenance.sql", """
                ALTER TABLE orders ADD COLUMN status text;
                REINDEX INDEX CONCURRENTLY orders_pkey;
                ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;
                COMMENT ON TABLE events_2024 IS 'archived';
                """);

        assertTimeoutPreemptively(NO_HANG, () -> configure(Map.of()).load().migrate());

        assertThat(indexValid("orders_pkey")).isEqualTo("t");
        assertThat(query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass")).isEqualTo("1");
        assertThat(query("SELECT obj_description('events_2024'::regclass)")).isEqualTo("archived");
    }

    /**
     * {@code flyway.group=true} runs every pending migration in one transaction: the guard's
     * savepoints are counted for that transaction, not for each script, so that it never holds
     * more subtransactions than PostgreSQL's per-backend cache (64) keeps.
     */
    @Test
    void migrationsGroupedInOneTransactionShareItsSavepointBudget() throws Exception {
        for (int i = 1; i <= 30; i++) {
            script("V" + i + "__t" + i + ".sql", "CREATE TABLE t" + i + " (id bigint);\n"
                    + "ALTER TABLE t" + i + " ADD COLUMN a text;\n"
                    + "ALTER TABLE t" + i + " ADD COLUMN b text;\n");
        }
        script("V31__subxacts.sql", """
                CREATE TABLE subxacts AS
                SELECT s.subxact_count, s.subxact_overflowed
                FROM pg_stat_get_backend_idset() AS b(id), pg_stat_get_backend_subxact(b.id) AS s
                WHERE pg_stat_get_backend_pid(b.id) = pg_backend_pid();
                """);

        configure(Map.of("flyway.group", "true")).load().migrate();

        assertThat(query("SELECT subxact_count || ' ' || subxact_overflowed FROM subxacts"))
                .isEqualTo(GuardSession.MAX_SAVEPOINTS_PER_TRANSACTION + " false");
    }

    @Test
    void aGroupedScriptAfterABlockingStatementRunsWithoutThatStatementsTimeout() throws Exception {
        script("V1__note.sql", "ALTER TABLE orders ADD COLUMN note text;");
        script("V2__seen.sql", "CREATE TABLE seen AS SELECT current_setting('statement_timeout') AS timeout;");

        configure(Map.of("flyway.group", "true", "flyway.safety.statementTimeout", "5s")).load().migrate();

        assertThat(query("SELECT timeout FROM seen")).isEqualTo("0");
    }

    @Test
    void aCallbackAfterAScriptInItsTransactionRunsWithoutTheScriptsStatementTimeout() throws Exception {
        script("V1__note.sql", "CREATE TABLE seen (value text);\nALTER TABLE orders ADD COLUMN note text;");
        script("afterEachMigrate.sql",
                "INSERT INTO seen SELECT current_setting('statement_timeout') WHERE to_regclass('seen') IS NOT NULL;");

        configure(Map.of("flyway.safety.statementTimeout", "5s")).load().migrate();

        assertThat(query("SELECT string_agg(value, ',') FROM seen")).isEqualTo("0");
    }

    @Test
    void aGroupedJavaMigrationAfterABlockingStatementRunsWithoutThatStatementsTimeout() throws Exception {
        script("V1__note.sql", "CREATE TABLE seen (migration text, value text);"
                + " ALTER TABLE orders ADD COLUMN note text;");
        script("V3__after.sql", "INSERT INTO seen VALUES ('V3', current_setting('statement_timeout'));");

        configure(Map.of("flyway.group", "true", "flyway.safety.statementTimeout", "5s"))
                .javaMigrations(new V2__RecordSetting("statement_timeout")).load().migrate();

        assertThat(query("SELECT string_agg(migration || '=' || value, ',' ORDER BY migration) FROM seen"))
                .isEqualTo("V2=0,V3=0");
    }

    @Test
    void lockTimeoutIsRetriedFromASavepointUntilTheBlockingSessionLetsGo() throws Exception {
        holdLock("SELECT count(*) FROM orders");
        AtomicInteger timeouts = new AtomicInteger();
        script("V1__audit.sql", """
                CREATE TABLE audit (id bigint);
                ALTER TABLE orders ADD COLUMN status text;
                """);

        configure(Map.of()).callbacks(onStatementError(context -> {
            if (timeouts.incrementAndGet() == 1) {
                holder.commit();
            }
        })).load().migrate();

        assertThat(timeouts).hasValue(1);
        assertThat(query("SELECT to_regclass('audit') IS NOT NULL")).as("kept by the retry's savepoint").isEqualTo("t");
        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name = 'status'")).isEqualTo("1");
    }

    @Test
    void givesUpAfterTheConfiguredRetriesNamingTheBlockerAndAppliesNothing() throws Exception {
        int holderPid = holdLock("SELECT count(*) FROM orders WHERE code = 'secret-4111'");
        script("V1__status.sql", "ALTER TABLE orders ADD COLUMN status text;");

        FlywayException e = catchThrowableOfType(FlywayException.class,
                () -> configure(Map.of("flyway.safety.lockRetries", "2")).load().migrate());

        assertThat(e).hasMessageContaining("Gave up after 3 attempts")
                .hasMessageContaining("the lock was not granted within lock_timeout")
                .hasMessageContaining("(300 ms)")
                .hasMessageContaining("pid " + holderPid)
                .hasMessageContaining("application 'holder-app'")
                .hasMessageContaining("V1__status.sql")
                .hasMessageContaining("query: SELECT count(*) FROM orders WHERE code = ?")
                .hasMessageNotContaining("secret-4111");
        LockRetryExhaustedException exhausted = cause(e, LockRetryExhaustedException.class);
        assertThat(exhausted.attempts()).hasSize(3)
                .allSatisfy(a -> assertThat(a.waited()).isLessThan(ATTEMPT_BOUND));
        assertThat(query("SELECT count(*) FROM flyway_schema_history")).as("rolled back with its transaction")
                .isEqualTo("1");

        holder.commit();
        configure(Map.of()).load().migrate();
        assertThat(query("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo("2");
    }

    @Test
    void statementTimeoutStopsABlockingAlterButNotAConcurrentBuildNorAValidate() throws Exception {
        slowRows();
        script("V1__checks.sql", """
                CREATE INDEX CONCURRENTLY slow_rows_idx ON slow_rows (slow(id));
                ALTER TABLE slow_rows ADD CONSTRAINT slow_check CHECK (slow(id) > 0) NOT VALID;
                ALTER TABLE slow_rows VALIDATE CONSTRAINT slow_check;
                """);
        script("V2__settings_left_alone.sql", """
                DO $$ BEGIN
                  IF current_setting('statement_timeout') <> '0' THEN
                    RAISE EXCEPTION 'statement_timeout leaked: %', current_setting('statement_timeout');
                  END IF;
                END $$;
                """);
        Map<String, String> settings = Map.of("flyway.safety.statementTimeout", "200ms");

        configure(settings).load().migrate();

        assertThat(indexValid("slow_rows_idx")).isEqualTo("t");
        assertThat(query("SELECT convalidated FROM pg_constraint WHERE conname = 'slow_check'")).isEqualTo("t");

        script("V3__blocking_check.sql", "ALTER TABLE slow_rows ADD CONSTRAINT slow_again CHECK (slow(id) > 0);");
        Map<String, String> warn = new HashMap<>(settings);
        warn.put("flyway.safety.mode", "warn");
        assertThatThrownBy(() -> configure(warn).load().migrate())
                .hasMessageContaining("57014")
                .hasMessageContaining("statement timeout");
    }

    @Test
    void invalidIndexLeftByATimedOutConcurrentBuildIsDroppedBeforeTheRetry() throws Exception {
        // An open writing transaction: the build registers its index, then waits for it and times out.
        holdLock("INSERT INTO orders VALUES (100001, 1, 'x')");
        AtomicInteger timeouts = new AtomicInteger();
        script("V1__index.sql", "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);");

        configure(Map.of()).callbacks(onStatementError(context -> {
            if (timeouts.incrementAndGet() == 1) {
                assertThat(indexValid("orders_customer_idx")).as("left by the timed-out build").isEqualTo("f");
                holder.commit();
            }
        })).load().migrate();

        assertThat(timeouts).hasValue(1);
        assertThat(indexValid("orders_customer_idx")).isEqualTo("t");
        assertThat(query("SELECT count(*) FROM pg_indexes WHERE tablename = 'orders'")).isEqualTo("2");
    }

    @Test
    void unnamedConcurrentBuildThatTimedOutIsRetriedWithoutLeavingItsFirstIndexBehind() throws Exception {
        holdLock("INSERT INTO orders VALUES (100001, 1, 'x')");
        AtomicInteger timeouts = new AtomicInteger();
        script("V1__index.sql", "CREATE INDEX CONCURRENTLY ON orders (customer_id);");

        configure(Map.of()).callbacks(onStatementError(context -> {
            if (timeouts.incrementAndGet() == 1) {
                holder.commit();
            }
        })).load().migrate();

        assertThat(timeouts).hasValue(1);
        assertThat(query("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'orders'"))
                .as("the retry's name is the first attempt's: its INVALID index was dropped")
                .isEqualTo("orders_customer_id_idx,orders_pkey");
        assertThat(indexValid("orders_customer_id_idx")).isEqualTo("t");
    }

    @Test
    void rerunAfterAFailedBuildRebuildsTheInvalidIndexAndLeavesAValidOneAlone() throws Exception {
        execute("UPDATE orders SET code = 'dup' WHERE id <= 2; CREATE INDEX orders_customer_idx ON orders (customer_id)");
        String validOid = query("SELECT 'orders_customer_idx'::regclass::oid");
        script("V1__unique_code.sql", """
                CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_code_key ON orders (code);
                CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);
                """);
        Flyway flyway = configure(Map.of()).load();

        assertThatThrownBy(flyway::migrate).hasMessageContaining("is duplicated");
        assertThat(indexValid("orders_code_key")).isEqualTo("f");
        assertThat(flyway.info().current().getState()).isEqualTo(MigrationState.FAILED);

        execute("UPDATE orders SET code = 'c' || id WHERE id <= 2");
        flyway.repair();
        flyway.migrate();

        assertThat(indexValid("orders_code_key")).isEqualTo("t");
        assertThat(query("SELECT 'orders_customer_idx'::regclass::oid")).isEqualTo(validOid);
        assertThat(query("SELECT success FROM flyway_schema_history WHERE version = '1'")).isEqualTo("t");
    }

    /** A table whose every row takes 50 ms to check or index: slow enough to outlast a short statement timeout. */
    @Test
    void anUnnamedBuildDropsTheInvalidTwinAnEarlierFailedBuildLeft() throws Exception {
        execute("UPDATE orders SET code = 'dup' WHERE id <= 2");
        assertThatThrownBy(() -> execute("CREATE UNIQUE INDEX CONCURRENTLY ON orders (code)"))
                .as("a build outside the guard, as a killed earlier run leaves one").hasMessageContaining("dup");
        assertThat(indexValid("orders_code_idx")).isEqualTo("f");
        execute("UPDATE orders SET code = 'c' || id WHERE id <= 2");
        script("V1__unique_code.sql", "CREATE UNIQUE INDEX CONCURRENTLY ON orders (code);");

        configure(Map.of()).load().migrate();

        assertThat(query("SELECT string_agg(indexrelid::regclass || ' ' || indisvalid, ',') FROM pg_index"
                + " WHERE indrelid = 'orders'::regclass AND NOT indisprimary")).isEqualTo("orders_code_idx1 true");
    }

    private void slowRows() throws SQLException {
        execute("CREATE FUNCTION slow(n int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT n FROM (SELECT pg_sleep(0.05)) s';"
                + "CREATE TABLE slow_rows (id int); INSERT INTO slow_rows SELECT generate_series(1, 8)");
    }

    /** Opens a transaction on a second session that runs {@code sql} and stays open; returns its pid. */
    private int holdLock(String sql) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "postgres");
        properties.setProperty("ApplicationName", "holder-app");
        holder = DriverManager.getConnection(url, properties);
        int pid = Integer.parseInt(PostgresServer.query(holder, "SELECT pg_backend_pid()"));
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute(sql);
        }
        return pid;
    }

    /** A callback that runs {@code action} after each failed statement attempt (each lock timeout). */
    private static Callback onStatementError(CallbackAction action) {
        return on(Event.AFTER_EACH_MIGRATE_STATEMENT_ERROR, "test-statement-errors", action);
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + t);
    }

    private String query(String sql) throws SQLException {
        return PostgresServer.queryString(url, sql);
    }

    @Test
    void aJavaMigrationAmongTheScriptsRunsUnderLockTimeoutFromTheEventsAroundIt() throws Exception {
        script("V1__seen.sql", "CREATE TABLE seen (migration text, lock_timeout text);"
                + " INSERT INTO seen VALUES ('V1', current_setting('lock_timeout'));");
        script("V3__after.sql", "INSERT INTO seen VALUES ('V3', current_setting('lock_timeout'));");

        configure(Map.of()).javaMigrations(new V2__RecordSetting("lock_timeout")).load().migrate();

        assertThat(query("SELECT string_agg(migration || '=' || lock_timeout, ',' ORDER BY migration) FROM seen"))
                .isEqualTo("V1=300ms,V2=300ms,V3=300ms");
        assertThat(query("SELECT current_setting('lock_timeout')")).as("a new session's own").isEqualTo("0");
    }

    @Test
    void whatThePreflightKeptForTheGuardGoesWithTheLastScript() throws Exception {
        String statement = "ALTER TABLE orders ADD COLUMN status text";
        script("V1__status.sql", statement + ";");
        AtomicInteger keptDuringTheRun = new AtomicInteger();
        Flyway flyway = configure(Map.of()).callbacks(on(Event.AFTER_EACH_MIGRATE_STATEMENT, "kept", context -> {
            if (PlannedStatements.of(context.getConfiguration(), statement)
                    == PlannedStatements.of(context.getConfiguration(), statement)) {
                keptDuringTheRun.incrementAndGet();
            }
        })).load();

        flyway.migrate();

        assertThat(keptDuringTheRun).as("the guard read it from the pre-flight").hasValue(1);
        assertThat(PlannedStatements.of(flyway.getConfiguration(), statement))
                .as("parsed afresh: nothing of the plan is left").isNotSameAs(
                        PlannedStatements.of(flyway.getConfiguration(), statement));
    }

    /** Records the {@code lock_timeout} it runs under. */
    /** Records the value of {@code setting} in its transaction in table {@code seen}. */
    static final class V2__RecordSetting extends org.flywaydb.core.api.migration.BaseJavaMigration {
        private final String setting;

        V2__RecordSetting(String setting) {
            this.setting = setting;
        }

        @Override
        public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
            try (Statement s = context.getConnection().createStatement()) {
                s.execute("INSERT INTO seen VALUES ('V2', current_setting('" + setting + "'))");
            }
        }
    }

    private void execute(String sql) throws SQLException {
        PostgresServer.execute(url, sql);
    }

    /** Flyway with short lock timeouts and backoff, no undo scripts needed, {@code safety} on top. */
    @Override
    FluentConfiguration configure(Map<String, String> safety) {
        Map<String, String> map = new HashMap<>();
        map.put("flyway.safety.requireUndo", "false");
        map.put("flyway.safety.lockTimeout", LOCK_TIMEOUT.toMillis() + "ms");
        map.put("flyway.safety.retryBackoff", "100ms");
        map.putAll(safety);
        return super.configure(map);
    }
}
