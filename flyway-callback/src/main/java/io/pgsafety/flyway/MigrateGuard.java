package io.pgsafety.flyway;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.runtime.LockTimeouts;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * What both callbacks do: the pre-flight on {@code BEFORE_MIGRATE}, and {@code lock_timeout}
 * around each migration ({@code SET LOCAL} semantics inside its transaction, a session setting
 * put back afterwards for one that runs without a transaction).
 */
final class MigrateGuard {

    static final String NAME = "pg-safety";
    private static final Set<Event> EVENTS = Set.of(Event.BEFORE_MIGRATE, Event.BEFORE_EACH_MIGRATE,
            Event.AFTER_EACH_MIGRATE, Event.AFTER_EACH_MIGRATE_ERROR);

    /** Set while the pre-flight's own Flyway looks at the pending list, so that nothing re-enters. */
    private static final ThreadLocal<Boolean> PREFLIGHT_RUNNING = ThreadLocal.withInitial(() -> false);

    private final SafetyConfig explicit;
    private final Map<Connection, LockTimeouts> timeouts = new IdentityHashMap<>();

    /** {@code explicit} null: the settings come from the {@code flyway.safety.*} configuration. */
    MigrateGuard(SafetyConfig explicit) {
        this.explicit = explicit;
    }

    static boolean handles(Event event) {
        return EVENTS.contains(event);
    }

    void handle(Event event, Context context) {
        if (PREFLIGHT_RUNNING.get()) {
            return;
        }
        SafetyConfig config = config(context.getConfiguration());
        if (!config.enabled()) {
            return;
        }
        try {
            if (event == Event.BEFORE_MIGRATE) {
                preflight(context, config);
            } else if (event == Event.BEFORE_EACH_MIGRATE) {
                restoreTimeouts(context.getConnection());
                timeouts.put(context.getConnection(),
                        LockTimeouts.apply(context.getConnection(), config.lockTimeout(), null));
            } else {
                restoreTimeouts(context.getConnection());
            }
        } catch (SQLException e) {
            throw new FlywayException("pg-safety could not set lock_timeout: " + e.getMessage(), e);
        }
    }

    private static void preflight(Context context, SafetyConfig config) {
        PREFLIGHT_RUNNING.set(true);
        try {
            new Preflight(context.getConfiguration(), config).run(context.getConnection());
        } finally {
            PREFLIGHT_RUNNING.set(false);
        }
    }

    /**
     * Puts back what the migration's {@code lock_timeout} replaced. In a transaction that has
     * already ended the transaction-local value is gone with it, so nothing is left to restore.
     */
    private void restoreTimeouts(Connection connection) throws SQLException {
        LockTimeouts active = timeouts.remove(connection);
        if (active != null && connection.getAutoCommit()) {
            active.close();
        }
    }

    private SafetyConfig config(Configuration configuration) {
        return explicit != null ? explicit : SafetySettings.fromKeys(configuration);
    }
}
