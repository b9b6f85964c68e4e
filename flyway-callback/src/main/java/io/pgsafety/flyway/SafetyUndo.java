package io.pgsafety.flyway;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.SafetyConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Runs Flyway undo scripts ({@code U<version>__….sql}), which open-source Flyway cannot run:
 * newest applied migration first, down to a target version, and removes each undone version's
 * row from the schema history table, so that a later {@code migrate} applies its {@code V}
 * script again and {@code validate} sees the version as pending.
 *
 * <pre>{@code
 * Flyway flyway = Flyway.configure().dataSource(url, user, password).load();
 * SafetyUndo.of(flyway.getConfiguration()).undoTo("3");   // the schema is at version 3 afterwards
 * }</pre>
 *
 * <p>From the Flyway command line, with the drop-in jar in {@code lib/plugins/}:
 * {@code flyway safety-undo -target=3} (see {@link SafetyUndoCommand}).
 *
 * <p>Before anything runs, every version to undo must have its undo script in the configured
 * locations, and the scripts are analysed together (as down migrations, against the live
 * catalog, in the order they will run): an error-level finding stops the undo with every finding
 * ({@code flyway.safety.mode=enforce}), as the pre-flight stops a {@code migrate}. Each script
 * then runs as the runtime guard runs a versioned script of the same text: placeholders replaced,
 * in one transaction together with the removal of its history row, except that statements that
 * cannot run in one ({@code CREATE INDEX CONCURRENTLY} …) run on their own between transactions,
 * and that every statement commits on its own when its {@code .conf} says
 * {@code executeInTransaction=false}; each statement under the guard's timeouts, retries and
 * INVALID-index clean-up ({@link UndoScriptRunner}). The undo holds Flyway's migration lock
 * throughout, and refuses to start while a {@code migrate} holds it. Repeatable migrations are
 * not undone.
 */
public final class SafetyUndo {

    private static final Log LOG = LogFactory.getLog(SafetyUndo.class);

    private final Configuration configuration;
    private final SafetyConfig config;

    private SafetyUndo(Configuration configuration, SafetyConfig config) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Undo with {@code configuration}'s locations, history table and {@code flyway.safety.*} settings. */
    public static SafetyUndo of(Configuration configuration) {
        return new SafetyUndo(configuration, SafetySettings.fromKeys(configuration));
    }

    /** Undo with {@code configuration}'s locations and history table, and the settings given here. */
    public static SafetyUndo of(Configuration configuration, SafetyConfig config) {
        return new SafetyUndo(configuration, config);
    }

    /**
     * Undoes every applied versioned migration above {@code version}, newest applied first, so that
     * {@code version} is the schema version afterwards ({@code migrate -target} turned around;
     * Flyway Teams' {@code undo -target} also undoes the target itself). Nothing to undo is not an error.
     */
    public UndoResult undoTo(String version) {
        MigrationVersion target = MigrationVersion.fromVersion(Objects.requireNonNull(version, "version"));
        return undo(applied -> applied.stream().filter(m -> m.getVersion().compareTo(target) > 0).toList(),
                "version " + target);
    }

    /** Undoes the versioned migration applied last (what {@code flyway undo} does without a target). */
    public UndoResult undoLast() {
        return undo(applied -> applied.isEmpty() ? List.of() : List.of(applied.get(0)), "the previous version");
    }

    @FunctionalInterface
    private interface Selection {
        /** From the applied versioned migrations, newest first, those to undo. */
        List<MigrationInfo> choose(List<MigrationInfo> applied);
    }

    private UndoResult undo(Selection selection, String goal) {
        try (Connection connection = configuration.getDataSource().getConnection()) {
            SchemaHistory history = SchemaHistory.of(configuration, connection);
            prepareSession(connection, history);
            history.lock(connection);
            try {
                // Read under the lock: no migrate can add to the history while the undo decides.
                List<MigrationInfo> applied = Arrays.stream(PendingScripts.probe(withoutTarget(configuration)).info().applied())
                        .filter(m -> m.isVersioned() && !m.getType().isSynthetic())
                        .sorted(Comparator.comparing(MigrationInfo::getInstalledRank).reversed())
                        .toList();
                List<MigrationInfo> toUndo = selection.choose(applied);
                refuseUndoable(toUndo, goal);
                UndoResult result = new UndoResult(connection.getCatalog(), history.schema(), schemaVersion(applied));
                if (toUndo.isEmpty()) {
                    LOG.info("pg-safety undo: nothing to undo, the schema is at " + describeVersion(result.initialSchemaVersion));
                } else {
                    run(connection, history, applied, toUndo, result, goal);
                }
                return result;
            } finally {
                history.unlock(connection);
            }
        } catch (SQLException e) {
            throw new FlywayException("pg-safety undo: " + e.getMessage(), e);
        }
    }

    private void run(Connection connection, SchemaHistory history, List<MigrationInfo> applied,
            List<MigrationInfo> toUndo, UndoResult result, String goal) throws SQLException {
        int pgVersion = connection.getMetaData().getDatabaseMajorVersion();
        PendingScripts scripts = PendingScripts.forUndo(configuration, config.undoPrefix(), pgVersion);
        Placeholders placeholders = Placeholders.of(configuration, connection);
        Map<MigrationVersion, LoadableResource> undoScripts = scripts.undoScripts();
        List<String> missing = toUndo.stream().filter(m -> !undoScripts.containsKey(m.getVersion()))
                .map(m -> describe(m) + " has no " + config.undoPrefix() + m.getVersion().getVersion() + configuration.getSqlMigrationSeparator()
                        + "….sql")
                .toList();
        if (!missing.isEmpty()) {
            throw new FlywayException("pg-safety undo: cannot undo to " + goal + ": " + String.join("; ", missing)
                    + " in " + Arrays.toString(configuration.getLocations()) + ". Nothing was undone.");
        }
        List<Migration> undos = new ArrayList<>();
        for (MigrationInfo m : toUndo) {
            undos.add(scripts.undoMigration(m.getVersion(), undoScripts.get(m.getVersion()), placeholders));
        }
        if (config.enabled()) {
            new Preflight(configuration, config).runUndo(connection, undos);
        }
        UndoScriptRunner runner = new UndoScriptRunner(config, configuration.getDataSource()::getConnection, pgVersion);
        List<MigrationInfo> remaining = new ArrayList<>(applied);
        for (int i = 0; i < toUndo.size(); i++) {
            MigrationInfo migration = toUndo.get(i);
            Migration undo = undos.get(i);
            LOG.info("pg-safety undo: undoing " + describe(migration) + " with " + undo.name());
            long start = System.currentTimeMillis();
            try {
                runner.run(connection, undo, c -> history.delete(c, migration.getInstalledRank()));
            } catch (FlywayException e) {
                throw new FlywayException(e.getMessage() + System.lineSeparator() + describe(migration)
                        + " is still applied" + undoneSoFar(result) + ".", e);
            }
            remaining.remove(migration);
            result.undone(migration.getVersion().getVersion(), migration.getDescription(), undo.path(),
                    System.currentTimeMillis() - start, schemaVersion(remaining));
        }
        LOG.info("pg-safety undo: undid " + result.migrationsUndone + " migration(s); the schema is at "
                + describeVersion(result.targetSchemaVersion));
    }

    /**
     * The session Flyway's migrate would give the scripts: its {@code initSql}, and the history
     * table's schema first on the {@code search_path}.
     */
    private void prepareSession(Connection connection, SchemaHistory history) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (configuration.getInitSql() != null && !configuration.getInitSql().isBlank()) {
                s.execute(configuration.getInitSql());
            }
        }
        history.putFirstOnSearchPath(connection);
    }

    /** Failed and baseline versions cannot be undone by a script: say so before anything runs. */
    private static void refuseUndoable(List<MigrationInfo> toUndo, String goal) {
        for (MigrationInfo m : toUndo) {
            if (m.getState().isFailed()) {
                throw new FlywayException("pg-safety undo: cannot undo to " + goal + ": " + describe(m)
                        + " failed; run repair (and fix what it left behind) first. Nothing was undone.");
            }
            if (m.getType().isBaseline()) {
                throw new FlywayException("pg-safety undo: cannot undo to " + goal + ": it is below the baseline "
                        + describe(m) + ". Nothing was undone.");
            }
        }
    }

    /** The highest version of {@code applied}: the schema version (null when none). */
    private static String schemaVersion(List<MigrationInfo> applied) {
        return applied.stream().map(MigrationInfo::getVersion).max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion).orElse(null);
    }

    private static String describeVersion(String version) {
        return version == null ? "no version" : "version " + version;
    }

    private static String undoneSoFar(UndoResult result) {
        return result.undoneMigrations.isEmpty() ? "" : "; undone before it: " + result.undoneMigrations.stream()
                .map(u -> u.version).collect(Collectors.joining(", "));
    }

    private static String describe(MigrationInfo m) {
        return "version " + m.getVersion().getVersion() + " (" + m.getDescription() + ")";
    }

    /**
     * The caller's configuration without its {@code target}: on the command line that is the
     * undo's goal ({@code safety-undo -target=3}), not a migrate target for {@code info} to apply.
     */
    private static Configuration withoutTarget(Configuration configuration) {
        return new FluentConfiguration(configuration.getClassLoader()).configuration(configuration)
                .target(MigrationVersion.LATEST);
    }
}
