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
 * put back afterwards for one that runs without a transaction). SQL migrations that the runtime
 * guard runs ({@link SafetyPostgreSQLDatabaseType}) set it statement by statement instead, from
 * what the pre-flight read of each statement ({@link PlannedStatements}, dropped after the
 * last migration of the plan or a failed one).
 */
final class MigrateGuard {

    static final String NAME = "pg-safety";
    /**
     * Not {@code AFTER_MIGRATE}: Flyway opens a connection of its own for each migrate-wide event
     * a callback takes, and the one {@code BEFORE_MIGRATE} costs is enough.
     */
    private static final Set<Event> EVENTS = Set.of(Event.BEFORE_MIGRATE, Event.BEFORE_EACH_MIGRATE,
            Event.AFTER_EACH_MIGRATE, Event.AFTER_EACH_MIGRATE_ERROR);

    /** Set while the pre-flight's own Flyway looks at the pending list, so that nothing re-enters. */
    private static final ThreadLocal<Boolean> PREFLIGHT_RUNNING = ThreadLocal.withInitial(() -> false);

    private final SafetyConfig explicit;
    private final Map<Connection, LockTimeouts> timeouts = new IdentityHashMap<>();
    /** Whether this migrate's SQL migrations run under the runtime guard, as the pre-flight found. */
    private boolean statementsGuarded;
    /**
     * Whether this migrate needs the events around each migration: some migration gets its
     * {@code lock_timeout} from them, not from the guard. Until a pre-flight tells, it does.
     */
    private boolean eachMigrationEvents = true;

    /** {@code explicit} null: the settings come from the {@code flyway.safety.*} configuration. */
    MigrateGuard(SafetyConfig explicit) {
        this.explicit = explicit;
    }

    /**
     * The events it works on, and none while switched off: Flyway opens a connection of its own
     * for a migrate-wide event when some callback takes it, and each event around a migration
     * that a callback takes costs Flyway's callback machinery time of its own, so those are taken
     * only when some pending migration runs without the guard. Flyway before 11.16 asks without a
     * context, and then gets the events.
     */
    boolean supports(Event event, Context context) {
        if (!EVENTS.contains(event)) {
            return false;
        }
        return context == null || ((event == Event.BEFORE_MIGRATE || eachMigrationEvents)
                && config(context.getConfiguration()).enabled());
    }

    /**
     * The pre-flight only reads, and without a transaction around it the catalog reads need no
     * savepoints; {@code lock_timeout} for a migration must be set inside its transaction.
     */
    static boolean canHandleInTransaction(Event event) {
        return event != Event.BEFORE_MIGRATE;
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
                statementsGuarded = SafetyPostgreSQLDatabaseType.guards(context.getConnection(),
                        context.getConfiguration());
                eachMigrationEvents = true; // what stays if the pre-flight fails
                eachMigrationEvents = preflight(context, config, statementsGuarded);
            } else if (event == Event.BEFORE_EACH_MIGRATE) {
                restoreTimeouts(context.getConnection());
                if (!(statementsGuarded && PendingScripts.isSqlScript(context.getMigrationInfo()))) {
                    timeouts.put(context.getConnection(),
                            LockTimeouts.apply(context.getConnection(), config.lockTimeout(), null));
                }
            } else {
                restoreTimeouts(context.getConnection());
                if (PlannedStatements.ran(context.getConfiguration(),
                        context.getMigrationInfo() == null ? null : context.getMigrationInfo().getScript(),
                        event == Event.AFTER_EACH_MIGRATE_ERROR)) {
                    GroupTransaction.end(context.getConnection());
                }
            }
        } catch (SQLException e) {
            throw new FlywayException("pg-safety could not set lock_timeout: " + e.getMessage(), e);
        }
    }

    /** Runs the pre-flight; returns whether some pending migration runs without the guard. */
    private static boolean preflight(Context context, SafetyConfig config, boolean statementsGuarded) {
        PREFLIGHT_RUNNING.set(true);
        try {
            return new Preflight(context.getConfiguration(), config).run(context.getConnection(), statementsGuarded);
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

    /** The keys are parsed again only when they change ({@link SafetyConfigurationExtension#toSafetyConfig}). */
    private SafetyConfig config(Configuration configuration) {
        return explicit != null ? explicit : SafetySettings.fromKeys(configuration);
    }

    /** The settings given in code, or null when they come from the {@code flyway.safety.*} keys. */
    SafetyConfig explicit() {
        return explicit;
    }
}
