package io.pgsafety.test;

import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.parser.SqlParser;
import io.pgsafety.test.CatalogSnapshot.Relation;
import io.pgsafety.test.LockTrace.Execution;
import io.pgsafety.test.LockTrace.RelationLock;
import io.pgsafety.test.LockTrace.StatementTrace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Runs a migration's statements one by one on a real server and records what each did to the
 * relations that existed before the run (see {@link LockTrace}).
 *
 * <p>Statements run in one transaction that is rolled back at the end, or committed with {@link
 * #committing()} (on a scratch database). A statement PostgreSQL refuses in a transaction ({@code
 * CREATE INDEX CONCURRENTLY}, see {@link NonTransactional}) ends the open transaction the same way
 * (rolled back or committed), runs in autocommit while a second connection samples its backend's
 * {@code pg_locks} rows every few milliseconds, and is not undone: trace such scripts on a database
 * made for the purpose, as {@link TestDatabase} is.
 */
public final class LockTracer {

    /** Opens the second connection, to the same server, that samples the locks of autocommit statements. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private static final long SAMPLE_PAUSE_MS = 2;

    private final ConnectionSource sampler;
    private final boolean commit;

    private LockTracer(ConnectionSource sampler, boolean commit) {
        this.sampler = sampler;
        this.commit = commit;
    }

    public static LockTracer on(TestDatabase database) {
        return new LockTracer(database::open, false);
    }

    public static LockTracer on(DataSource dataSource) {
        return new LockTracer(dataSource::getConnection, false);
    }

    /** A tracer that commits the migration instead of rolling it back. */
    public LockTracer committing() {
        return new LockTracer(sampler, true);
    }

    /** Traces {@code sql} on a connection of its own. */
    public LockTrace trace(String sql) throws SQLException {
        try (Connection connection = sampler.open()) {
            return trace(connection, sql);
        }
    }

    /** Traces {@code sql} on {@code connection}, whose auto-commit setting is restored afterwards. */
    public LockTrace trace(Connection connection, String sql) throws SQLException {
        List<ParsedStatement> statements = SqlParser.parse(sql).statements();
        int major = TestDatabases.majorVersion(connection);
        int backend = backendPid(connection);
        boolean autoCommit = connection.getAutoCommit();
        Map<Long, Relation> existing = CatalogSnapshot.take(connection).relations();
        List<StatementTrace> traces = new ArrayList<>();
        boolean failed = false;
        connection.setAutoCommit(false);
        try {
            for (ParsedStatement parsed : statements) {
                int index = traces.size();
                Statement statement = parsed.statement();
                if (failed) {
                    traces.add(skipped(index, parsed, Execution.NOT_RUN));
                } else if (statement instanceof Statement.Transaction || parsed.tokens().isEmpty()) {
                    traces.add(skipped(index, parsed, Execution.SKIPPED));
                } else if (NonTransactional.mustRunOutsideTransaction(statement, major)) {
                    endTransaction(connection);
                    connection.setAutoCommit(true);
                    StatementTrace trace = traceSampled(connection, backend, index, parsed, existing);
                    connection.setAutoCommit(false);
                    traces.add(trace);
                    failed = trace.failed();
                } else {
                    StatementTrace trace = traceInTransaction(connection, backend, index, parsed, existing);
                    traces.add(trace);
                    failed = trace.failed();
                }
            }
            endTransaction(connection);
        } finally {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.setAutoCommit(autoCommit);
        }
        return new LockTrace(major, traces);
    }

    private void endTransaction(Connection connection) throws SQLException {
        if (commit) {
            connection.commit();
        } else {
            connection.rollback();
        }
    }

    private static StatementTrace skipped(int index, ParsedStatement parsed, Execution execution) {
        return new StatementTrace(index, parsed.text(), execution, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, null);
    }

    private static StatementTrace traceInTransaction(Connection connection, int backend, int index, ParsedStatement parsed,
            Map<Long, Relation> existing) throws SQLException {
        CatalogSnapshot before = CatalogSnapshot.take(connection);
        List<RelationLock> held = relationLocks(connection, backend, existing);
        Map<Long, Long> scansBefore = sequentialScans(connection);
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(parsed.text());
        } catch (SQLException e) {
            connection.rollback();
            return failedTrace(index, parsed, Execution.TRANSACTION, e);
        }
        Map<Long, Long> scansAfter = sequentialScans(connection);
        CatalogSnapshot after = CatalogSnapshot.take(connection);
        List<RelationLock> locks = relationLocks(connection, backend, existing);
        List<RelationLock> acquired = locks.stream().filter(l -> !held.contains(l)).toList();
        List<String> scanned = scansAfter.entrySet().stream()
                .filter(e -> existing.containsKey(e.getKey()) && e.getValue() > scansBefore.getOrDefault(e.getKey(), 0L))
                .map(e -> existing.get(e.getKey()).name())
                .sorted()
                .toList();
        return new StatementTrace(index, parsed.text(), Execution.TRANSACTION, locks, acquired,
                CatalogSnapshot.rewrites(before, after, existing), CatalogSnapshot.constraintChanges(before, after, existing),
                CatalogSnapshot.columnChanges(before, after, existing), scanned, 0, null);
    }

    private StatementTrace traceSampled(Connection connection, int backend, int index, ParsedStatement parsed,
            Map<Long, Relation> existing) throws SQLException {
        CatalogSnapshot before = CatalogSnapshot.take(connection);
        LockSampler sampling = new LockSampler(sampler.open(), backend, existing);
        try {
            sampling.start();
            try (java.sql.Statement st = connection.createStatement()) {
                st.execute(parsed.text());
            } catch (SQLException e) {
                return failedTrace(index, parsed, Execution.AUTOCOMMIT_SAMPLED, e);
            }
        } finally {
            sampling.stop();
        }
        CatalogSnapshot after = CatalogSnapshot.take(connection);
        List<RelationLock> locks = sampling.locks();
        return new StatementTrace(index, parsed.text(), Execution.AUTOCOMMIT_SAMPLED, locks, locks,
                CatalogSnapshot.rewrites(before, after, existing), CatalogSnapshot.constraintChanges(before, after, existing),
                CatalogSnapshot.columnChanges(before, after, existing), List.of(), sampling.samples(), null);
    }

    /**
     * Sequential scans this transaction has started so far, per table: {@code pg_stat_xact_*}
     * counts the current transaction's own activity, before it is reported to the statistics system.
     */
    private static Map<Long, Long> sequentialScans(Connection connection) throws SQLException {
        Map<Long, Long> scans = new HashMap<>();
        try (java.sql.Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT relid, seq_scan FROM pg_stat_xact_user_tables WHERE seq_scan > 0")) {
            while (rs.next()) {
                scans.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return scans;
    }

    private static StatementTrace failedTrace(int index, ParsedStatement parsed, Execution execution, SQLException e) {
        String error = (e.getSQLState() == null ? "" : e.getSQLState() + ": ") + e.getMessage();
        return new StatementTrace(index, parsed.text(), execution, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, error);
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (java.sql.Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static final String LOCKS_OF_BACKEND = "SELECT relation, mode, granted FROM pg_locks "
            + "WHERE locktype = 'relation' AND pid = ? "
            + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    /** The locks {@code backend} holds (or waits for) on {@code existing} relations. */
    private static List<RelationLock> relationLocks(Connection connection, int backend, Map<Long, Relation> existing)
            throws SQLException {
        Set<RelationLock> locks = new LinkedHashSet<>();
        try (PreparedStatement st = connection.prepareStatement(LOCKS_OF_BACKEND)) {
            collect(st, backend, existing, locks);
        }
        return sorted(locks);
    }

    private static List<RelationLock> sorted(Set<RelationLock> locks) {
        return locks.stream()
                .sorted(Comparator.comparing(RelationLock::relation).thenComparing(RelationLock::mode, Comparator.reverseOrder()))
                .toList();
    }

    private static void collect(PreparedStatement st, int backend, Map<Long, Relation> existing,
            Set<RelationLock> locks) throws SQLException {
        st.setInt(1, backend);
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long oid = rs.getLong(1);
                LockMode mode = lockMode(rs.getString(2));
                Relation relation = existing.get(oid);
                if (relation == null || mode == null) {
                    continue;
                }
                locks.add(new RelationLock(relation.name(), mode, rs.getBoolean(3)));
            }
        }
    }

    /** pg_locks spells modes {@code ShareUpdateExclusiveLock}; null for SIReadLock and the like. */
    static LockMode lockMode(String pgLocksMode) {
        if (pgLocksMode == null || !pgLocksMode.endsWith("Lock")) {
            return null;
        }
        String words = pgLocksMode.substring(0, pgLocksMode.length() - 4).replaceAll("([a-z])([A-Z])", "$1 $2");
        return LockMode.fromSql(words);
    }

    /** Polls pg_locks for the migration's backend on its own connection and thread while a statement runs. */
    private static final class LockSampler {
        private final Connection connection;
        private final int backend;
        private final Map<Long, Relation> existing;
        private final Set<RelationLock> seen = new LinkedHashSet<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger samples = new AtomicInteger();
        private final AtomicReference<SQLException> failure = new AtomicReference<>();
        private final CountDownLatch firstSample = new CountDownLatch(1);
        private final Thread thread;

        LockSampler(Connection connection, int backend, Map<Long, Relation> existing) {
            this.connection = connection;
            this.backend = backend;
            this.existing = existing;
            this.thread = new Thread(this::run, "pg-safety-lock-sampler");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
            try {
                firstSample.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            try (connection; PreparedStatement st = connection.prepareStatement(LOCKS_OF_BACKEND)) {
                while (running.get()) {
                    synchronized (seen) {
                        collect(st, backend, existing, seen);
                    }
                    samples.incrementAndGet();
                    firstSample.countDown();
                    Thread.sleep(SAMPLE_PAUSE_MS);
                }
            } catch (SQLException e) {
                failure.set(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                firstSample.countDown();
            }
        }

        void stop() throws SQLException {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        }

        int samples() {
            return samples.get();
        }

        List<RelationLock> locks() {
            synchronized (seen) {
                return sorted(seen);
            }
        }
    }
}
