package io.pgsafety.flyway;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.runtime.BlockerReport;
import io.pgsafety.core.runtime.GuardSession;
import io.pgsafety.core.runtime.GuardedSql;
import io.pgsafety.core.runtime.LockRetry;
import io.pgsafety.core.sql.ast.QualifiedName;
import java.sql.SQLException;
import org.flywaydb.core.api.logging.Log;

/**
 * The runtime guard around each statement of one script, the same for migrations
 * ({@link GuardedSqlScriptExecutor}) and undo scripts ({@link UndoScriptRunner}): the script's
 * {@link GuardSession}, {@link GuardedSql}'s timeouts and INVALID-index clean-up, lock timeouts
 * retried, and what happened logged against the statement's line.
 */
final class StatementGuard {

    private final SafetyConfig config;
    private final GuardSession session;
    private final LockRetry.ConnectionSource probe;
    private final Log log;
    private final String prefix;

    /**
     * {@code probe} opens the second connection that watches a blocked statement; {@code prefix}
     * starts every log line ({@code "pg-safety"}, {@code "pg-safety undo"}).
     */
    StatementGuard(SafetyConfig config, GuardSession session, LockRetry.ConnectionSource probe, Log log,
            String prefix) {
        this.config = config;
        this.session = session;
        this.probe = probe;
        this.log = log;
        this.prefix = prefix;
    }

    GuardSession session() {
        return session;
    }

    /**
     * Runs {@code action}, the statement of {@code sql} at {@code where} ({@code "V2__x.sql line 3"});
     * {@code outsideTransaction} when it cannot run in a transaction.
     */
    <T> T run(GuardedSql sql, boolean outsideTransaction, String where, LockRetry.JdbcAction<T> action)
            throws SQLException {
        LockRetry retry = new LockRetry(sql.policy(config)).onTimeout(attempt -> logTimeout(where, attempt));
        if (outsideTransaction) {
            // A concurrent build waits for old transactions, which hold no lock on its table:
            // only pg_blocking_pids, seen from a second connection while it waits, names them.
            // Other statements wait for holders of their tables' locks, which LockRetry lists
            // after the timeout without the second connection's cost.
            retry = retry.withProbe(probe);
        }
        return sql.run(session, retry, index -> logDropped(where, index), action);
    }

    private void logTimeout(String where, LockRetry.Attempt attempt) {
        int attempts = config.lockRetries() + 1;
        log.warn(prefix + ": " + where + ": lock not granted within lock_timeout ("
                + config.lockTimeout().toMillis() + " ms), attempt " + attempt.number() + " of " + attempts
                + (attempt.willRetry() ? ", retrying after a backoff" : "") + ". "
                + BlockerReport.describe(attempt.blockers()));
    }

    private void logDropped(String where, QualifiedName index) {
        log.warn(prefix + ": " + where + ": dropped the INVALID index " + index.sql()
                + " that a failed concurrent build left behind");
    }
}
