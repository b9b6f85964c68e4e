package io.pgsafety.flyway;

import io.pgsafety.core.runtime.GuardSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * With {@code group=true} Flyway runs every pending migration in one transaction, while the guard
 * opens a session per script. Each script's session hands what it leaves in the transaction (how
 * many savepoints it has had, and the {@code statement_timeout} in force) to the next script's, so
 * that {@link GuardSession#MAX_SAVEPOINTS_PER_TRANSACTION} holds for the transaction, not per
 * script. The handover is kept per connection until the plan's last migration has run or one
 * has failed.
 */
final class GroupTransaction {

    private static final Map<Connection, GuardSession.Handover> HANDOVERS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private GroupTransaction() {}

    /** The session for the script about to run on {@code connection}. */
    static GuardSession session(Connection connection, Configuration configuration, Duration lockTimeout) {
        GuardSession.Handover handover = configuration.isGroup() && inTransaction(connection)
                ? HANDOVERS.get(connection) : null;
        return handover == null ? GuardSession.open(connection, lockTimeout)
                : GuardSession.continuing(connection, lockTimeout, handover);
    }

    /**
     * A script ran to its end with {@code session}: the next script of the group goes on from
     * it, unless {@code groupEnds} (the plan's last migration) or the script ran without a
     * transaction.
     */
    static void scriptRan(Connection connection, Configuration configuration, GuardSession session, boolean groupEnds) {
        if (configuration.isGroup() && !groupEnds && inTransaction(connection)) {
            HANDOVERS.put(connection, session.handover());
        } else {
            HANDOVERS.remove(connection);
        }
    }

    /** The group's transaction on {@code connection} ended, or a migration of it failed. */
    static void end(Connection connection) {
        HANDOVERS.remove(connection);
    }

    /** An unreadable state counts as none: the next script's session then starts afresh, as for a script of its own. */
    private static boolean inTransaction(Connection connection) {
        try {
            return !connection.getAutoCommit();
        } catch (SQLException e) {
            return false;
        }
    }
}
