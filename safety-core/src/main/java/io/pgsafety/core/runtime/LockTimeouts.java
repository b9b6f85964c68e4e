package io.pgsafety.core.runtime;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    private LockTimeouts(Connection connection, boolean local, String previousLockTimeout,
            String previousStatementTimeout) {
        this.connection = connection;
        this.local = local;
        this.previousLockTimeout = previousLockTimeout;
        this.previousStatementTimeout = previousStatementTimeout;
    }

    /** {@code statementTimeout} null leaves {@code statement_timeout} alone; zero disables a timeout. */
    public static LockTimeouts apply(Connection connection, Duration lockTimeout, Duration statementTimeout)
            throws SQLException {
        boolean local = !connection.getAutoCommit();
        List<String> sets = new ArrayList<>();
        sets.add(TimeoutSettings.set("lock_timeout", TimeoutSettings.millis(lockTimeout), local));
        if (statementTimeout != null) {
            sets.add(TimeoutSettings.set("statement_timeout", TimeoutSettings.millis(statementTimeout), local));
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(TimeoutSettings.readingThenSetting(sets))) {
            TimeoutSettings.Originals previous = TimeoutSettings.Originals.of(rs);
            return new LockTimeouts(connection, local, previous.lockTimeout(),
                    statementTimeout == null ? null : previous.statementTimeout());
        }
    }

    /**
     * Restores the previous values. In a transaction that has already failed there is nothing to
     * restore: its rollback discards the transaction-local values.
     */
    @Override
    public void close() throws SQLException {
        List<String> sets = new ArrayList<>();
        sets.add(TimeoutSettings.set("lock_timeout", previousLockTimeout, local));
        if (previousStatementTimeout != null) {
            sets.add(TimeoutSettings.set("statement_timeout", previousStatementTimeout, local));
        }
        try {
            TimeoutSettings.execute(connection, TimeoutSettings.setting(sets));
        } catch (SQLException e) {
            if (!(local && IN_FAILED_TRANSACTION.equals(e.getSQLState()))) {
                throw e;
            }
        }
    }
}
