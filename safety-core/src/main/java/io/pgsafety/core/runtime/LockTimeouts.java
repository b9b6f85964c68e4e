package io.pgsafety.core.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Sets {@code lock_timeout} (and optionally {@code statement_timeout}) for the statements of a
 * migration, and puts the previous values back when closed. Inside a transaction (auto-commit
 * off) the settings are transaction-local, as {@code SET LOCAL}, so they vanish with the
 * transaction even if closing never happens; outside one they are session settings.
 *
 * <pre>{@code
 * try (LockTimeouts timeouts = LockTimeouts.apply(connection, Duration.ofSeconds(2), null)) {
 *     statement.execute(sql);
 * }
 * }</pre>
 */
public final class LockTimeouts implements AutoCloseable {

    private static final String IN_FAILED_TRANSACTION = "25P02";

    private final Connection connection;
    private final boolean local;
    private final String previousLockTimeout;
    private final String previousStatementTimeout;
    private final boolean transactionWritten;

    private LockTimeouts(Connection connection, boolean local, String previousLockTimeout,
            String previousStatementTimeout, boolean transactionWritten) {
        this.connection = connection;
        this.local = local;
        this.previousLockTimeout = previousLockTimeout;
        this.previousStatementTimeout = previousStatementTimeout;
        this.transactionWritten = transactionWritten;
    }

    /** {@code statementTimeout} null leaves {@code statement_timeout} alone; zero disables a timeout. */
    public static LockTimeouts apply(Connection connection, Duration lockTimeout, Duration statementTimeout)
            throws SQLException {
        boolean local = !connection.getAutoCommit();
        // One round trip: the fenced subquery (OFFSET 0) reads the values before the outer list sets new ones.
        String sql = "SELECT p.lock_timeout, p.statement_timeout, txid_current_if_assigned() IS NOT NULL, "
                + setConfig(statementTimeout != null)
                + " FROM (SELECT current_setting('lock_timeout') AS lock_timeout,"
                + " current_setting('statement_timeout') AS statement_timeout OFFSET 0) p";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, local, millis(lockTimeout), statementTimeout == null ? null : millis(statementTimeout));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new LockTimeouts(connection, local, rs.getString(1),
                        statementTimeout == null ? null : rs.getString(2), local && rs.getBoolean(3));
            }
        }
    }

    /**
     * Whether the connection's transaction had written anything (it had a transaction id) when the
     * timeouts were applied; false outside a transaction.
     */
    public boolean transactionWritten() {
        return transactionWritten;
    }

    /**
     * Restores the previous values. In a transaction that has already failed there is nothing to
     * restore: its rollback discards the transaction-local values.
     */
    @Override
    public void close() throws SQLException {
        try {
            set(connection, local, previousLockTimeout, previousStatementTimeout);
        } catch (SQLException e) {
            if (!(local && IN_FAILED_TRANSACTION.equals(e.getSQLState()))) {
                throw e;
            }
        }
    }

    private static void set(Connection connection, boolean local, String lockTimeout, String statementTimeout)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + setConfig(statementTimeout != null))) {
            bind(ps, local, lockTimeout, statementTimeout);
            ps.executeQuery().close();
        }
    }

    /** The select list that sets the values; binds with {@link #bind}. */
    private static String setConfig(boolean withStatementTimeout) {
        return withStatementTimeout
                ? "set_config('lock_timeout', ?, ?), set_config('statement_timeout', ?, ?)"
                : "set_config('lock_timeout', ?, ?)";
    }

    private static void bind(PreparedStatement ps, boolean local, String lockTimeout, String statementTimeout)
            throws SQLException {
        ps.setString(1, lockTimeout);
        ps.setBoolean(2, local);
        if (statementTimeout != null) {
            ps.setString(3, statementTimeout);
            ps.setBoolean(4, local);
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
