package io.pgsafety.core.runtime;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A statement that could not get its lock within {@code lock_timeout} on any attempt. Its
 * message names the sessions that blocked the last attempt in which any were seen; SQLSTATE is
 * that of a lock timeout (55P03) and the cause is the last timeout.
 */
public final class LockRetryExhaustedException extends SQLException {

    private static final long serialVersionUID = 1L;

    private final transient List<LockRetry.Attempt> attempts;

    /** {@code savepointCapped}: retries were left, but the transaction had no savepoint to retry from. */
    LockRetryExhaustedException(Duration lockTimeout, List<LockRetry.Attempt> attempts, SQLException last,
            boolean savepointCapped) {
        super(message(lockTimeout, attempts, savepointCapped), LockRetry.LOCK_NOT_AVAILABLE, last);
        this.attempts = List.copyOf(attempts);
    }

    /** Every attempt, in order; each timed out. */
    public List<LockRetry.Attempt> attempts() {
        return attempts;
    }

    /** The blockers of the last attempt that saw any (empty if none was seen). */
    public List<Blocker> blockers() {
        return lastBlockers(attempts);
    }

    private static List<Blocker> lastBlockers(List<LockRetry.Attempt> attempts) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (!attempts.get(i).blockers().isEmpty()) {
                return attempts.get(i).blockers();
            }
        }
        return List.of();
    }

    private static String message(Duration lockTimeout, List<LockRetry.Attempt> attempts, boolean savepointCapped) {
        int n = attempts.size();
        String notRetried = !savepointCapped ? ""
                : " Not retried: the transaction had already run " + GuardSession.MAX_SAVEPOINTS_PER_TRANSACTION
                        + " statements under the guard's savepoints, the most it gets (more would overflow"
                        + " PostgreSQL's per-backend subtransaction cache and slow down every session's snapshots),"
                        + " so the timeout aborted the transaction, and the sessions holding the lock could not be"
                        + " read from it; a migration with fewer statements per transaction is retried statement by"
                        + " statement.";
        return "Gave up after " + n + (n == 1 ? " attempt" : " attempts") + ": the lock was not granted within lock_timeout ("
                + lockTimeout.toMillis() + " ms) on any of them." + notRetried + "\n"
                + BlockerReport.describe(lastBlockers(attempts));
    }
}
