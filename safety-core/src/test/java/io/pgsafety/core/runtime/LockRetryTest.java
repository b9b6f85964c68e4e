package io.pgsafety.core.runtime;

import static io.pgsafety.core.testing.EmbeddedDatabase.backendPid;
import static io.pgsafety.core.testing.EmbeddedDatabase.execute;
import static io.pgsafety.core.testing.EmbeddedDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.testing.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real lock contention: a second session holds ACCESS EXCLUSIVE on the table being altered. */
class LockRetryTest {

    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(200);
    /** Loose bound on one attempt: lock_timeout plus scheduling slack, not a timing benchmark. */
    private static final Duration ATTEMPT_BOUND = LOCK_TIMEOUT.plusSeconds(1);
    private static final List<QualifiedName> TARGET = List.of(new QualifiedName(null, "accounts", null));

    private static EmbeddedDatabase db;
    private static ScheduledExecutorService releaser;

    private Connection holder;
    private int holderPid;
    private Connection migration;

    @BeforeAll
    static void start() throws Exception {
        db = EmbeddedDatabase.start();
        releaser = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() throws Exception {
        releaser.shutdownNow();
        db.close();
    }

    @BeforeEach
    void holdTheTable() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "DROP TABLE IF EXISTS accounts, audit; CREATE TABLE accounts (id int)");
        }
        holder = db.connect("holder-app");
        holderPid = backendPid(holder);
        holder.setAutoCommit(false);
        execute(holder, "LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
        migration = db.connect("migration");
    }

    @AfterEach
    void close() throws SQLException {
        holder.close();
        migration.close();
    }

    private static LockRetry.Policy policy(int retries) {
        return new LockRetry.Policy(LOCK_TIMEOUT, null, retries, Duration.ofMillis(50));
    }

    /** Records each timed-out attempt; after the first, the holder commits from another thread. */
    private Consumer<LockRetry.Attempt> releaseAfterFirstTimeout(List<LockRetry.Attempt> timedOut) {
        return attempt -> {
            timedOut.add(attempt);
            if (attempt.number() == 1) {
                releaser.schedule(() -> {
                    holder.commit();
                    return null;
                }, 20, TimeUnit.MILLISECONDS);
            }
        };
    }

    private static Integer addColumn(Connection c) throws SQLException {
        execute(c, "ALTER TABLE accounts ADD COLUMN balance bigint");
        return 1;
    }

    @Test
    void retriesUntilTheHolderCommits() throws Exception {
        List<LockRetry.Attempt> timedOut = new CopyOnWriteArrayList<>();

        new LockRetry(policy(5)).onTimeout(releaseAfterFirstTimeout(timedOut))
                .run(migration, TARGET, LockRetryTest::addColumn);

        assertThat(timedOut).isNotEmpty().allSatisfy(a -> assertThat(a.waited()).isLessThan(ATTEMPT_BOUND));
        assertThat(timedOut.get(0).blockers()).extracting(Blocker::applicationName).containsExactly("holder-app");
        assertThat(queryString(migration, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                + "WHERE attrelid = 'accounts'::regclass AND attname = 'balance'")).isEqualTo("bigint");
        assertThat(queryString(migration, "SHOW lock_timeout")).as("restored").isEqualTo("0");
    }

    @Test
    void insideTransactionOnlyTheFailedStatementIsRetried() throws Exception {
        migration.setAutoCommit(false);
        execute(migration, "CREATE TABLE audit (id int)");

        List<LockRetry.Attempt> timedOut = new CopyOnWriteArrayList<>();
        new LockRetry(policy(5)).onTimeout(releaseAfterFirstTimeout(timedOut))
                .run(migration, TARGET, LockRetryTest::addColumn);
        migration.commit();

        assertThat(timedOut).isNotEmpty();
        assertThat(queryString(migration, "SELECT to_regclass('audit')::text")).isEqualTo("audit");
        assertThat(queryString(migration, "SELECT count(*) FROM pg_attribute "
                + "WHERE attrelid = 'accounts'::regclass AND attname = 'balance'")).isEqualTo("1");
    }

    @Test
    void statementsOfATransactionShareItsTimeoutsAndARetryKeepsTheWorkBeforeIt() throws Exception {
        migration.setAutoCommit(false);
        List<LockRetry.Attempt> timedOut = new CopyOnWriteArrayList<>();
        LockRetry retry = new LockRetry(policy(5)).onTimeout(releaseAfterFirstTimeout(timedOut));
        List<String> lockTimeoutSeen = new CopyOnWriteArrayList<>();

        try (GuardSession session = GuardSession.open(migration, LOCK_TIMEOUT)) {
            retry.run(session, List.of(), c -> {
                execute(c, "CREATE TABLE audit (id int)");
                return null;
            });
            retry.run(session, TARGET, c -> {
                lockTimeoutSeen.add(queryString(c, "SHOW lock_timeout"));
                return addColumn(c);
            });
            retry.run(session, List.of(), c -> {
                execute(c, "INSERT INTO audit VALUES (1)");
                return null;
            });
        }
        assertThat(queryString(migration, "SHOW lock_timeout")).as("left to the transaction")
                .isEqualTo(LOCK_TIMEOUT.toMillis() + "ms");
        migration.commit();

        assertThat(timedOut).isNotEmpty();
        assertThat(lockTimeoutSeen).hasSizeGreaterThan(1).containsOnly(LOCK_TIMEOUT.toMillis() + "ms");
        assertThat(queryString(migration, "SELECT count(*) FROM audit")).isEqualTo("1");
        assertThat(queryString(migration, "SELECT count(*) FROM pg_attribute "
                + "WHERE attrelid = 'accounts'::regclass AND attname = 'balance'")).isEqualTo("1");
        assertThat(queryString(migration, "SHOW lock_timeout")).as("gone with the transaction").isEqualTo("0");
    }

    /**
     * A migration with more writing statements in one transaction than PostgreSQL caches
     * subtransactions for (64) would overflow that cache, slowing every session's snapshots:
     * past the guard's cap its statements run without a savepoint, and a lock timeout then ends
     * the transaction's run instead of a retry.
     */
    @Test
    void aLongTransactionKeepsWithinPostgresSubtransactionCache() throws Exception {
        migration.setAutoCommit(false);
        LockRetry retry = new LockRetry(policy(5));
        List<LockRetry.Attempt> timedOut = new CopyOnWriteArrayList<>();
        LockRetryExhaustedException e;
        try (GuardSession session = GuardSession.open(migration, LOCK_TIMEOUT)) {
            for (int i = 0; i < 70; i++) {
                String table = "many_" + i;
                retry.run(session, List.of(), c -> {
                    execute(c, "CREATE TABLE " + table + " (id int)");
                    return null;
                });
            }
            assertThat(queryString(migration, "SELECT subxact_count || ' ' || subxact_overflowed"
                    + " FROM pg_catalog.pg_stat_get_backend_subxact((SELECT b FROM pg_catalog.pg_stat_get_backend_idset() b"
                    + " WHERE pg_catalog.pg_stat_get_backend_pid(b) = pg_catalog.pg_backend_pid()))"))
                    .isEqualTo(GuardSession.MAX_SAVEPOINTS_PER_TRANSACTION + " false");

            e = catchThrowableOfType(LockRetryExhaustedException.class,
                    () -> new LockRetry(policy(5)).onTimeout(timedOut::add).run(session, TARGET, LockRetryTest::addColumn));
        }
        migration.rollback();

        assertThat(timedOut).singleElement().satisfies(a -> assertThat(a.willRetry()).isFalse());
        assertThat(e.getMessage()).contains("Gave up after 1 attempt").contains("Not retried");
    }

    @Test
    void outsideATransactionTheSessionValuesLastUntilTheSessionCloses() throws Exception {
        holder.commit();
        execute(migration, "SET statement_timeout = '45s'");
        LockRetry.Policy blocking = new LockRetry.Policy(LOCK_TIMEOUT, Duration.ofSeconds(5), 0, Duration.ofMillis(50));
        LockRetry.Policy concurrent = new LockRetry.Policy(LOCK_TIMEOUT, null, 0, Duration.ofMillis(50));
        List<String> seen = new CopyOnWriteArrayList<>();

        try (GuardSession session = GuardSession.open(migration, LOCK_TIMEOUT)) {
            new LockRetry(blocking).run(session, TARGET, c -> seen.add(queryString(c,
                    "SELECT current_setting('lock_timeout') || ' ' || current_setting('statement_timeout')")));
            new LockRetry(concurrent).run(session, TARGET, c -> seen.add(queryString(c,
                    "SELECT current_setting('lock_timeout') || ' ' || current_setting('statement_timeout')")));
        }

        assertThat(seen).containsExactly("200ms 5s", "200ms 45s");
        assertThat(queryString(migration, "SHOW lock_timeout")).isEqualTo("0");
        assertThat(queryString(migration, "SHOW statement_timeout")).isEqualTo("45s");
    }

    @Test
    void givesUpNamingTheHolderFoundThroughItsLocks() throws Exception {
        List<LockRetry.Attempt> timedOut = new CopyOnWriteArrayList<>();

        LockRetryExhaustedException e = catchThrowableOfType(LockRetryExhaustedException.class,
                () -> new LockRetry(policy(2)).onTimeout(timedOut::add).run(migration, TARGET, LockRetryTest::addColumn));

        assertThat(e.getSQLState()).isEqualTo("55P03");
        assertThat(e.attempts()).hasSize(3).allSatisfy(a -> assertThat(a.waited()).isLessThan(ATTEMPT_BOUND));
        assertThat(timedOut).hasSize(3);
        assertThat(e.getMessage())
                .contains("Gave up after 3 attempts")
                .contains("pid " + holderPid)
                .contains("application 'holder-app'")
                .contains("idle in transaction")
                .contains("AccessExclusiveLock")
                .contains("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
        assertThat(queryString(migration, "SHOW lock_timeout")).isEqualTo("0");
    }

    @Test
    void givesUpNamingTheBlockerSeenByTheProbeWhileWaiting() throws Exception {
        execute(holder, "SELECT 'card 4111' AS note, 42 FROM accounts WHERE id = 7");

        LockRetryExhaustedException e = catchThrowableOfType(LockRetryExhaustedException.class,
                () -> new LockRetry(policy(2)).withProbe(db::connect)
                        .run(migration, List.of(), LockRetryTest::addColumn));

        assertThat(e.attempts()).hasSize(3).allSatisfy(a -> assertThat(a.waited()).isLessThan(ATTEMPT_BOUND));
        Blocker blocker = e.blockers().get(0);
        assertThat(blocker.pid()).isEqualTo(holderPid);
        assertThat(blocker.applicationName()).isEqualTo("holder-app");
        assertThat(blocker.lockModes()).as("seen via pg_blocking_pids, not pg_locks").isNull();
        assertThat(blocker.transactionAge()).isPositive();
        assertThat(blocker.query()).isEqualTo("SELECT ? AS note, ? FROM accounts WHERE id = ?");
        assertThat(e.getMessage()).contains("pid " + holderPid).contains("application 'holder-app'")
                .doesNotContain("4111");
    }

    @Test
    void aStatementThatGetsItsLockAtOnceOpensNoProbeConnection() throws Exception {
        holder.commit();
        AtomicInteger opened = new AtomicInteger();

        new LockRetry(new LockRetry.Policy(Duration.ofSeconds(2), null, 2, Duration.ofMillis(50))).withProbe(() -> {
            opened.incrementAndGet();
            return db.connect();
        }).run(migration, TARGET, LockRetryTest::addColumn);

        assertThat(opened).hasValue(0);
    }

    @Test
    void otherErrorsAreNotRetried() throws Exception {
        holder.commit();
        List<LockRetry.Attempt> timedOut = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> new LockRetry(policy(5)).onTimeout(timedOut::add)
                .run(migration, TARGET, c -> {
                    execute(c, "ALTER TABLE accounts ADD COLUMN id int");
                    return null;
                }))
                .isInstanceOf(SQLException.class)
                .isNotInstanceOf(LockRetryExhaustedException.class)
                .hasMessageContaining("already exists");
        assertThat(timedOut).isEmpty();
    }

    @Test
    void batchFailuresCountAsLockTimeoutsWhenTheyCarryOne() throws Exception {
        List<LockRetry.Attempt> timedOut = new CopyOnWriteArrayList<>();
        new LockRetry(policy(5)).onTimeout(releaseAfterFirstTimeout(timedOut)).run(migration, TARGET, c -> {
            try (var batch = c.createStatement()) {
                batch.addBatch("ALTER TABLE accounts ADD COLUMN opened date");
                batch.addBatch("ALTER TABLE accounts ADD COLUMN closed date");
                return batch.executeBatch();
            }
        });
        assertThat(timedOut).isNotEmpty();
        assertThat(queryString(migration, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'accounts'::regclass "
                + "AND attname IN ('opened', 'closed')")).isEqualTo("2");
    }

    @Test
    void backoffDoublesIsCappedAndJittered() {
        Duration initial = Duration.ofSeconds(1);
        assertThat(LockRetry.delay(initial, 1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(LockRetry.delay(initial, 1, 0.999)).isEqualTo(Duration.ofMillis(1000));
        assertThat(LockRetry.delay(initial, 2, 0.5)).isEqualTo(Duration.ofMillis(1500));
        assertThat(LockRetry.delay(initial, 3, 0.0)).isEqualTo(Duration.ofMillis(2000));
        assertThat(LockRetry.delay(initial, 3, 0.5)).isEqualTo(Duration.ofMillis(3000));
        assertThat(LockRetry.delay(initial, 10, 0.0)).isEqualTo(LockRetry.MAX_BACKOFF.dividedBy(2));
        assertThat(LockRetry.delay(initial, 60, 0.999)).isLessThanOrEqualTo(LockRetry.MAX_BACKOFF)
                .isGreaterThan(LockRetry.MAX_BACKOFF.minusMillis(100));
    }
}
