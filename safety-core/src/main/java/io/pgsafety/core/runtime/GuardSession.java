package io.pgsafety.core.runtime;

import io.pgsafety.core.sql.ast.QualifiedName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The runtime guard's state on one connection across the consecutive statements of one
 * migration (a script, a changeset). A statement that gets its lock at once costs at most one
 * extra round trip, instead of setting and restoring the timeouts around each statement:
 * <ul>
 * <li>{@code lock_timeout} (and {@code statement_timeout}, which only statements that block reads
 *     or writes get) is set only when what is in force differs from what the statement needs.
 *     Inside a transaction the values are transaction-local ({@code SET LOCAL}) and last until
 *     it ends — the tool's own bookkeeping in that transaction included, which then also gives up
 *     on a lock instead of queueing, and takes the whole transaction down with it. Outside a
 *     transaction they are session values, which {@link #close()} puts back.
 * <li>Inside a transaction each attempt is fenced by one savepoint, created in the same round
 *     trip as the settings; the previous statement's savepoint is released in that round trip
 *     too, so savepoints never nest. A transaction gets at most
 *     {@value #MAX_SAVEPOINTS_PER_TRANSACTION}: the statements after those run without one, and
 *     a lock timeout then fails the transaction instead of being retried
 *     ({@link #attemptCanBeRetried()}).
 * <li>Inside a transaction, where that round trip holds only commands, a {@link Carrier} may
 *     send them ahead of the statement itself: then no extra round trip at all.
 * <li>Before a concurrent index build, whether its name is taken (as an INVALID leftover of an
 *     earlier failed build would take it) is read in that same round trip.
 * </ul>
 * A transaction the caller opens on the connection ends through {@link #endTransaction}, which
 * forgets the local values and the savepoint with it. Not thread-safe.
 */
public final class GuardSession implements AutoCloseable {

    private static final String SAVEPOINT = "pg_safety_attempt";

    /**
     * Savepoints the guard creates in one transaction at most. A writing statement under a
     * savepoint takes a subtransaction ID, which stays with the transaction until it ends (a
     * released savepoint's too); past 64 of them PostgreSQL's per-backend cache overflows, and
     * while the transaction lasts every session on the server must look subtransactions up in
     * {@code pg_subtrans} to tell what its snapshots see. This leaves room for the application's
     * own savepoints.
     */
    public static final int MAX_SAVEPOINTS_PER_TRANSACTION = 48;

    private final Connection connection;
    private final String lockTimeout;

    /**
     * The values in force before this session changed anything; null until read, which inside a
     * transaction only happens before statement_timeout is first changed.
     */
    private String originalLockTimeout;
    private String originalStatementTimeout;
    private int backendPid;
    /** Values this session set at session level (null: untouched) and in the open transaction. */
    private String sessionLockTimeout;
    private String sessionStatementTimeout;
    private String localLockTimeout;
    private String localStatementTimeout;
    private boolean savepointOpen;
    /** Savepoints created in the open transaction, by this session or by those it went on from. */
    private int savepointsInTransaction;
    /** A value to give a setting. */
    private record Setting(String name, String value) {}
    /** Takes the next attempt's commands to send ahead of its statement; null: they are sent now. */
    private Carrier carrier;

    /**
     * Sends SQL ahead of the next statement on the connection, in the same round trip (as one
     * multi-statement string, say). {@code statements} is how many statements {@code sql} holds,
     * each of which yields one result before the statement's own.
     */
    @FunctionalInterface
    public interface Carrier {
        void carry(String sql, int statements);
    }

    private GuardSession(Connection connection, Duration lockTimeout) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.lockTimeout = TimeoutSettings.millis(lockTimeout);
    }

    /** Nothing is sent until the first attempt. */
    public static GuardSession open(Connection connection, Duration lockTimeout) {
        return new GuardSession(connection, lockTimeout);
    }

    public Connection connection() {
        return connection;
    }

    /**
     * What a session leaves to the session of the next migration in the same transaction
     * (Flyway's {@code group=true}): how many savepoints the transaction has had, and the
     * {@code statement_timeout} set in it (null: none) with the value it replaced.
     */
    public record Handover(int savepoints, String localStatementTimeout, String originalStatementTimeout) {}

    /** What this session leaves to the next migration's, if it goes on in this session's transaction. */
    public Handover handover() {
        return new Handover(savepointsInTransaction, localStatementTimeout, originalStatementTimeout);
    }

    /**
     * A session for a migration that goes on in the transaction of the migration whose session
     * left {@code handover}: it creates at most what is left of the transaction's
     * {@value #MAX_SAVEPOINTS_PER_TRANSACTION} savepoints, and knows which
     * {@code statement_timeout} is in force. It sets {@code lock_timeout} again on its first
     * attempt, and leaves the last savepoint of the earlier session as it is (its own first one
     * nests in it). Should the transaction have ended in between after all, its statements still
     * get their {@code lock_timeout}, and, if the earlier session put its {@code statement_timeout}
     * back ({@link #putBackStatementTimeout}), their {@code statement_timeout}: all it gets wrong
     * then is fewer savepoints than it could have.
     */
    public static GuardSession continuing(Connection connection, Duration lockTimeout, Handover handover) {
        GuardSession session = new GuardSession(connection, lockTimeout);
        session.savepointsInTransaction = handover.savepoints();
        session.localStatementTimeout = handover.localStatementTimeout();
        session.originalStatementTimeout = handover.originalStatementTimeout();
        return session;
    }

    /**
     * At the end of a migration that went well, inside its transaction: puts back the
     * {@code statement_timeout} its last blocking statement set there, so that what the tool runs
     * next in the transaction (its history row, a callback, the next migration of a group) does
     * not run under it. Sends nothing when no such value is in force.
     */
    public void putBackStatementTimeout() throws SQLException {
        if (localStatementTimeout == null || localStatementTimeout.equals(originalStatementTimeout)
                || connection.getAutoCommit()) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute(TimeoutSettings.setCommand("statement_timeout", originalStatementTimeout, true));
        }
        localStatementTimeout = originalStatementTimeout;
    }

    /**
     * Lets {@code carrier} send what the next attempt needs ahead of its statement, when that is
     * only commands (inside a transaction: the savepoint and {@code SET LOCAL}s; nothing to read
     * back): the attempt then costs no extra round trip. The caller guarantees that the next
     * statement on the connection is the attempt's, and that it goes through the carrier. Applies
     * to the next attempt only; anything else is sent at once as usual.
     */
    public void carryNextAttemptWith(Carrier carrier) {
        this.carrier = Objects.requireNonNull(carrier, "carrier");
    }

    /**
     * Before an attempt: the timeouts in force ({@code statementTimeout} null means the session's
     * own value) and, inside a transaction, the savepoint the attempt rolls back to. Returns
     * whether a relation named like one of {@code concurrentBuilds} (indexes the attempt builds
     * concurrently) exists, which an INVALID leftover would, read in the same round trip: a
     * statement that needs no new settings and builds no index sends nothing.
     */
    boolean beginAttempt(Duration statementTimeout, List<QualifiedName> concurrentBuilds) throws SQLException {
        boolean inTransaction = !connection.getAutoCommit();
        List<Setting> changes = new ArrayList<>();
        if (!lockTimeout.equals(effective(inTransaction, sessionLockTimeout, localLockTimeout, originalLockTimeout))) {
            changes.add(new Setting("lock_timeout", lockTimeout));
        }
        String wantedStatementTimeout = statementTimeout == null ? originalStatementTimeout
                : TimeoutSettings.millis(statementTimeout);
        String inForce = effective(inTransaction, sessionStatementTimeout, localStatementTimeout,
                originalStatementTimeout);
        boolean setStatementTimeout = wantedStatementTimeout != null && !wantedStatementTimeout.equals(inForce);
        if (setStatementTimeout) {
            changes.add(new Setting("statement_timeout", wantedStatementTimeout));
        }
        // Outside a transaction close() puts the session values back, so it needs them. Inside one
        // SET LOCAL ends with the transaction, and only statement_timeout's own value is needed
        // later (to go back to it after a statement that had a timeout): it is read before the first change.
        boolean readOriginals = inTransaction ? setStatementTimeout && originalStatementTimeout == null
                : originalLockTimeout == null || originalStatementTimeout == null;
        boolean checkBuildNames = !concurrentBuilds.isEmpty();
        if (changes.isEmpty() && !readOriginals && !inTransaction && !checkBuildNames) {
            carrier = null;
            return false;
        }
        List<String> batch = new ArrayList<>();
        if (inTransaction && savepointOpen) {
            batch.add("RELEASE SAVEPOINT " + SAVEPOINT);
        }
        if (readOriginals) {
            List<String> sets = new ArrayList<>();
            for (Setting c : changes) {
                sets.add(TimeoutSettings.set(c.name(), c.value(), inTransaction));
            }
            batch.add(TimeoutSettings.readingThenSetting(sets));
        } else {
            for (Setting c : changes) {
                batch.add(TimeoutSettings.setCommand(c.name(), c.value(), inTransaction));
            }
        }
        if (checkBuildNames) {
            batch.add(InvalidIndexCleaner.anyExistsQuery(concurrentBuilds));
        }
        boolean fence = inTransaction && savepointsInTransaction < MAX_SAVEPOINTS_PER_TRANSACTION;
        if (fence) {
            batch.add("SAVEPOINT " + SAVEPOINT);
        }
        Carrier carriedBy = carrier;
        carrier = null;
        boolean nameTaken = false;
        if (batch.isEmpty()) {
            savepointOpen = false;
            return false;
        }
        if (carriedBy != null && inTransaction && !readOriginals && !checkBuildNames) {
            carriedBy.carry(String.join("; ", batch), batch.size());
        } else {
            nameTaken = execute(String.join("; ", batch), readOriginals, checkBuildNames);
        }
        if (inTransaction) {
            localLockTimeout = lockTimeout;
            localStatementTimeout = setStatementTimeout ? wantedStatementTimeout : localStatementTimeout;
            savepointOpen = fence;
            if (fence) {
                savepointsInTransaction++;
            }
        } else {
            sessionLockTimeout = lockTimeout;
            sessionStatementTimeout = setStatementTimeout ? wantedStatementTimeout : sessionStatementTimeout;
        }
        return nameTaken;
    }

    /**
     * Whether the attempt that began last can be tried again after a lock timeout: outside a
     * transaction always, inside one only from its savepoint (a timeout aborts the transaction).
     */
    boolean attemptCanBeRetried() throws SQLException {
        return savepointOpen || connection.getAutoCommit();
    }

    /** After an attempt timed out: undoes its work inside a transaction; outside one nothing is left to undo. */
    void rollBackAttempt() throws SQLException {
        if (savepointOpen && !connection.getAutoCommit()) {
            try (Statement s = connection.createStatement()) {
                s.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
            }
        }
    }

    /** The backend of the connection, read along with the session's own values or, failing that, asked for. */
    int backendPid() throws SQLException {
        if (backendPid == 0) {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_backend_pid()")) {
                rs.next();
                backendPid = rs.getInt(1);
            }
        }
        return backendPid;
    }

    /**
     * Ends the transaction the caller opened on the connection (commits it, or rolls it back) and
     * goes back to auto-commit: the local values and the savepoint are gone with it.
     */
    public void endTransaction(boolean commit) throws SQLException {
        try {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } finally {
            localLockTimeout = null;
            localStatementTimeout = null;
            savepointOpen = false;
            savepointsInTransaction = 0;
        }
        connection.setAutoCommit(true);
    }

    /**
     * Puts back the session values this session changed. Local values and the savepoint are left
     * to the transaction's end: the statements after it in the transaction keep the timeouts.
     */
    @Override
    public void close() throws SQLException {
        List<String> sets = new ArrayList<>();
        if (sessionLockTimeout != null) {
            sets.add(TimeoutSettings.setCommand("lock_timeout", originalLockTimeout, false));
        }
        if (sessionStatementTimeout != null) {
            sets.add(TimeoutSettings.setCommand("statement_timeout", originalStatementTimeout, false));
        }
        if (!sets.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute(String.join("; ", sets));
            }
            sessionLockTimeout = null;
            sessionStatementTimeout = null;
        }
    }

    private static String effective(boolean inTransaction, String session, String local, String original) {
        if (inTransaction && local != null) {
            return local;
        }
        return session != null ? session : original;
    }

    /**
     * Runs the batch and reads its result sets in order: the values in force when
     * {@code readOriginals} (kept only for a setting this session has not changed yet), then
     * whether a build's name is taken when {@code checkBuildNames}.
     */
    private boolean execute(String sql, boolean readOriginals, boolean checkBuildNames) throws SQLException {
        boolean originalsPending = readOriginals;
        boolean nameTaken = false;
        try (Statement s = connection.createStatement()) {
            boolean isResultSet = s.execute(sql);
            while (isResultSet || s.getUpdateCount() != -1) {
                if (isResultSet) {
                    try (ResultSet rs = s.getResultSet()) {
                        if (originalsPending) {
                            originalsPending = false;
                            keep(TimeoutSettings.Originals.of(rs));
                        } else if (checkBuildNames) {
                            nameTaken = rs.next() && rs.getBoolean(1);
                        }
                    }
                }
                isResultSet = s.getMoreResults();
            }
        }
        return nameTaken;
    }

    private void keep(TimeoutSettings.Originals read) {
        if (sessionLockTimeout == null && localLockTimeout == null) {
            originalLockTimeout = read.lockTimeout();
        }
        if (sessionStatementTimeout == null && localStatementTimeout == null) {
            originalStatementTimeout = read.statementTimeout();
        }
        backendPid = read.backendPid();
    }
}
