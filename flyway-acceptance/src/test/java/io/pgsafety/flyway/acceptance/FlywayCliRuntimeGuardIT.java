package io.pgsafety.flyway.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import io.pgsafety.testsupport.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime guard in the real Flyway command line, configured by {@code flyway.conf} and by
 * {@code flyway.toml}: {@code examples/flyway-cli/runtime/} (scripts that mix transactional
 * statements with {@code CREATE INDEX CONCURRENTLY} and {@code REINDEX INDEX CONCURRENTLY}) on top
 * of the example history, with Flyway's default settings and against a session that holds a lock
 * on {@code orders}.
 */
@WithPostgres(version = 18)
class FlywayCliRuntimeGuardIT {

    /** A hang (a concurrent build waiting for Flyway's own lock transaction) ends here, failing the test. */
    private static final Duration NO_HANG = Duration.ofSeconds(90);
    private static final long LOCK_TIMEOUT_MS = 500;
    /** Scheduling slack on a busy machine for one wait seen from outside; far below a second timeout. */
    private static final long WAIT_SLACK_MS = 400;
    private static final String BLOCKER_APPLICATION = "report-job";

    @TempDir
    Path work;

    private Connection blocker;

    @AfterEach
    void endTheBlockingSession() throws SQLException {
        if (blocker != null) {
            blocker.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flyway.conf", "flyway.toml"})
    void concurrentStatementsInMixedScriptsRunWithFlywaysDefaultsAndPlainFlywayValidatesTheHistory(
            String configFile, TestDatabase database) throws Exception {
        Example.copyInto(work);
        Example.copyFiles(Commands.fromProperty("safety.examples").resolve("runtime"), work.resolve("migrations"));

        Commands.Result migrate = new FlywayCli(work, configFile, database).runWithin(NO_HANG, "migrate");

        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(Example.appliedVersions(database)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(Example.query(database, "SELECT count(*) FROM pg_index WHERE indisvalid AND indexrelid IN"
                + " ('orders_shipped_at_idx'::regclass, 'orders_customer_id_idx'::regclass)")).isEqualTo("2");
        assertThat(Example.query(database, "SELECT col_description('orders'::regclass, attnum) FROM pg_attribute"
                + " WHERE attrelid = 'orders'::regclass AND attname = 'carrier'")).isEqualTo("who ships the order");

        // Taking the plugin out takes its settings out too: Flyway rejects flyway.safety.* without it,
        // and reads flyway.conf and flyway.toml of the working directory even when not named.
        Files.delete(work.resolve("flyway.conf"));
        Files.delete(work.resolve("flyway.toml"));
        Files.writeString(work.resolve("plain.conf"), "flyway.locations=filesystem:migrations\n");
        Commands.Result validate = FlywayCli.withoutPlugin(work, "plain.conf", database).run("validate");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.output()).doesNotContain("pg-safety").contains("Successfully validated 6 migrations");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flyway.conf", "flyway.toml"})
    void aLockTimeoutIsRetriedUntilTheBlockingSessionLetsGo(String configFile, TestDatabase database)
            throws Exception {
        FlywayCli flyway = exampleAtVersion4WithShortLockWaits(configFile, database);
        holdLockOnOrders(database);
        Commands.Result result;
        WaitWatcher watcher = WaitWatcher.start(database);
        try (watcher) {
            CompletableFuture<Void> release = watcher.firstWait().thenRun(() -> {
                sleep(LOCK_TIMEOUT_MS + 300);
                commitBlocker();
            });
            result = flyway.runWithin(NO_HANG, "migrate", "-target=5");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            release.get(10, TimeUnit.SECONDS);
        }

        assertThat(result.output()).contains("lock not granted within lock_timeout (500 ms), attempt 1 of 3,"
                + " retrying after a backoff");
        assertThat(Example.appliedVersions(database)).containsExactly("1", "2", "3", "4", "5");
        assertThat(watcher.waits()).as("waits seen from another session").isBetween(2, 3);
        assertThat(watcher.longestWaitMillis()).isLessThan(LOCK_TIMEOUT_MS + WAIT_SLACK_MS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flyway.conf", "flyway.toml"})
    void whenTheSessionNeverLetsGoMigrateFailsAfterTheRetriesNamingIt(String configFile, TestDatabase database)
            throws Exception {
        FlywayCli flyway = exampleAtVersion4WithShortLockWaits(configFile, database);
        int blockerPid = holdLockOnOrders(database);
        Commands.Result result;
        WaitWatcher watcher = WaitWatcher.start(database);
        try (watcher) {
            result = flyway.runWithin(NO_HANG, "migrate", "-target=5");
        }

        // Flyway 11.20.3's command line, with or without the plugin, prints a failed migration without
        // its cause (Flyway issue #4026) and exits with status 0: the output and the history tell.
        assertThat(result.output())
                .contains("V5__ship_orders.sql line 3: lock not granted within lock_timeout (500 ms), attempt 1 of 3,")
                .contains("attempt 2 of 3, retrying")
                .contains("V5__ship_orders.sql line 3: lock not granted within lock_timeout (500 ms), attempt 3 of 3."
                        + " Blocking sessions:\n  - pid " + blockerPid + " application '" + BLOCKER_APPLICATION + "'")
                .contains("query: SELECT count(*) FROM orders WHERE total > ?")
                .contains("Migration of schema \"public\" to version \"5 - ship orders\" [non-transactional] failed!");
        assertThat(watcher.waits()).as("waits seen from another session").isEqualTo(3);
        assertThat(watcher.longestWaitMillis()).isLessThan(LOCK_TIMEOUT_MS + WAIT_SLACK_MS);
        assertThat(Example.appliedVersions(database)).containsExactly("1", "2", "3", "4");
        assertThat(Example.query(database, "SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'orders' AND column_name = 'shipped_at'")).isEqualTo("0");
    }

    /**
     * The example history applied to version 4, {@code runtime/} pending, and the configuration file
     * changed to wait at most 500 ms for a lock, twice more after 200 ms (and more) of backoff.
     */
    private FlywayCli exampleAtVersion4WithShortLockWaits(String configFile, TestDatabase database) throws Exception {
        Example.copyInto(work);
        FlywayCli flyway = new FlywayCli(work, configFile, database);
        Commands.Result atVersion4 = flyway.run("migrate");
        assertThat(atVersion4.exitCode()).as(atVersion4.toString()).isZero();
        Example.copyFiles(Commands.fromProperty("safety.examples").resolve("runtime"), work.resolve("migrations"));
        Path config = work.resolve(configFile);
        boolean toml = configFile.endsWith(".toml");
        String settings = Files.readString(config)
                .replaceFirst("(lockTimeout\\s*=\\s*\"?)3s", "$1" + LOCK_TIMEOUT_MS + "ms")
                .replaceFirst("(lockRetries\\s*=\\s*)5", "$12")
                + (toml ? "retryBackoff = \"200ms\"\n" : "flyway.safety.retryBackoff=200ms\n");
        assertThat(settings).contains("500ms").containsPattern("lockRetries\\s*=\\s*2");
        Files.writeString(config, settings);
        return flyway;
    }

    /** A report left open after reading {@code orders}: its ACCESS SHARE lock conflicts with {@code ALTER TABLE}. */
    private int holdLockOnOrders(TestDatabase database) throws SQLException {
        blocker = database.open();
        try (Statement s = blocker.createStatement()) {
            s.execute("SET application_name = '" + BLOCKER_APPLICATION + "'");
            int pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            blocker.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM orders WHERE total > 1000").close();
            return pid;
        }
    }

    private void commitBlocker() {
        try {
            blocker.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Watches, from a session of its own, the lock waits on {@code orders}: each distinct wait
     * (by its {@code pg_locks.waitstart}) and the longest one seen, so that a test sees how long
     * the blocked statement really waited, not what the migration says it did.
     */
    private static final class WaitWatcher implements Runnable, AutoCloseable {

        private static final String WAITS = "SELECT waitstart, (extract(epoch FROM clock_timestamp() - waitstart)"
                + " * 1000)::bigint FROM pg_locks WHERE NOT granted AND relation = 'orders'::regclass"
                + " AND waitstart IS NOT NULL";

        private final Connection connection;
        private final Set<String> waitStarts = new HashSet<>();
        private final AtomicLong longest = new AtomicLong();
        private final CompletableFuture<Void> firstWait = new CompletableFuture<>();
        private volatile boolean stopped;
        private Thread thread;

        private WaitWatcher(Connection connection) {
            this.connection = connection;
        }

        static WaitWatcher start(TestDatabase database) throws SQLException {
            WaitWatcher watcher = new WaitWatcher(database.open());
            watcher.thread = new Thread(watcher, "lock-wait-watcher");
            watcher.thread.start();
            return watcher;
        }

        @Override
        public void run() {
            try (Connection c = connection; Statement s = c.createStatement()) {
                while (!stopped) {
                    try (ResultSet rs = s.executeQuery(WAITS)) {
                        while (rs.next()) {
                            synchronized (waitStarts) {
                                waitStarts.add(rs.getString(1));
                            }
                            longest.accumulateAndGet(rs.getLong(2), Math::max);
                            firstWait.complete(null);
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (SQLException | InterruptedException e) {
                firstWait.completeExceptionally(e);
                throw new IllegalStateException(e);
            }
        }

        /** Completes when the first wait is seen (async: on the watcher's thread). */
        CompletableFuture<Void> firstWait() {
            return firstWait.thenRunAsync(() -> { });
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join();
            firstWait.completeExceptionally(new AssertionError("no lock wait on orders was seen"));
        }

        int waits() {
            synchronized (waitStarts) {
                return waitStarts.size();
            }
        }

        long longestWaitMillis() {
            return longest.get();
        }
    }
}
