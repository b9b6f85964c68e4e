package io.pgsafety.test;

import io.pgsafety.test.RoundTrip.Outcome;
import io.pgsafety.test.RoundTrip.Pair;
import io.pgsafety.test.RoundTrip.Report;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.Liquibase;
import liquibase.UpdateSummaryEnum;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * The Liquibase side of {@link RoundTrip}; only touched when a test calls {@code RoundTrip.liquibase},
 * so the kit loads without Liquibase.
 *
 * <p>Each pending changeset in turn: snapshot, {@code update} one changeset, {@code rollback} one
 * changeset, compare, {@code update} it again. Rolling each changeset back right after it ran
 * checks it in the state a full update followed by rollbacks newest first would leave, and goes on
 * past a changeset that has no rollback.
 */
final class LiquibaseRoundTrip {

    private final Liquibase liquibase;
    private final Contexts contexts;
    private final LabelExpression labels;
    private final Database database;
    private final Connection connection;
    private final String[] liquibaseTables;
    private final List<Pair> pairs = new ArrayList<>();

    private LiquibaseRoundTrip(Liquibase liquibase, Contexts contexts, LabelExpression labels) throws LiquibaseException {
        this.liquibase = liquibase;
        this.contexts = contexts;
        this.labels = labels;
        this.database = liquibase.getDatabase();
        if (!(database.getConnection() instanceof JdbcConnection jdbc)) {
            throw new IllegalArgumentException("round trip: Liquibase must run on a JDBC connection, not "
                    + database.getConnection());
        }
        this.connection = jdbc.getUnderlyingConnection();
        String schema = database.getLiquibaseSchemaName() != null ? database.getLiquibaseSchemaName()
                : database.getDefaultSchemaName();
        this.liquibaseTables = new String[] {schema + "." + database.getDatabaseChangeLogTableName(),
                schema + "." + database.getDatabaseChangeLogLockTableName()};
        // One update per changeset: a summary table after each would bury the report.
        liquibase.setShowSummary(UpdateSummaryEnum.OFF);
    }

    static Report check(DataSource dataSource, String changelog) {
        return quietly(changelog, () -> {
            try (Connection connection = dataSource.getConnection()) {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                Liquibase liquibase = new Liquibase(changelog,
                        new ClassLoaderResourceAccessor(Thread.currentThread().getContextClassLoader()), database);
                return new LiquibaseRoundTrip(liquibase, new Contexts(), new LabelExpression()).run();
            }
        });
    }

    static Report check(Liquibase liquibase, Contexts contexts, LabelExpression labels) {
        return quietly(liquibase.getChangeLogFile(), () -> new LiquibaseRoundTrip(liquibase, contexts, labels).run());
    }

    /**
     * Liquibase's log and console messages, for three commands per changeset, would bury the
     * report, which holds what matters: its log is off during the run, its console messages logged.
     */
    private static Report quietly(String changelog, Scope.ScopedRunnerWithReturn<Report> run) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("liquibase");
        Level level = log.getLevel();
        log.setLevel(Level.OFF);
        try {
            return Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), run);
        } catch (Exception e) {
            throw new IllegalStateException("round trip of " + changelog + ": " + e.getMessage(), e);
        } finally {
            log.setLevel(level);
        }
    }

    private Report run() throws SQLException, LiquibaseException {
        Set<String> schemasAtStart = schemas(snapshot());
        for (ChangeSet changeSet : liquibase.listUnrunChangeSets(contexts, labels)) {
            if (!roundTrip(changeSet, schemasAtStart)) {
                break;
            }
        }
        return new Report("changeset rollbacks", pairs);
    }

    /** False when the changelog cannot go on past this changeset. */
    private boolean roundTrip(ChangeSet changeSet, Set<String> schemasAtStart) throws SQLException, LiquibaseException {
        SchemaSnapshot before = snapshot();
        try {
            liquibase.update(1, contexts, labels);
        } catch (LiquibaseException e) {
            record(changeSet, Outcome.MIGRATION_FAILED, reason(e));
            return false;
        }
        if (!changeSet.supportsRollback(database)) {
            record(changeSet, Outcome.NO_UNDO, "");
            return true;
        }
        try {
            liquibase.rollback(1, null, contexts, labels);
        } catch (LiquibaseException e) {
            record(changeSet, Outcome.UNDO_FAILED, "rollback: " + reason(e));
            rebuild(changeSet, schemasAtStart);
            return true;
        }
        List<String> diff = before.diff(snapshot());
        String shown = diff.isEmpty() ? "" : "schema after its rollback compared with the schema before it:\n"
                + String.join("\n", diff);
        try {
            liquibase.update(1, contexts, labels);
        } catch (LiquibaseException e) {
            record(changeSet, Outcome.REDO_FAILED, (shown.isEmpty() ? "" : shown + "\n") + "updating again: " + reason(e));
            rebuild(changeSet, schemasAtStart);
            return true;
        }
        record(changeSet, diff.isEmpty() ? Outcome.ROUND_TRIPS : Outcome.SCHEMA_DIFFERS, shown);
        return true;
    }

    private void record(ChangeSet changeSet, Outcome outcome, String detail) {
        pairs.add(new Pair(changeSet.toString(), outcome, detail));
    }

    /** Liquibase's own connection, in autocommit off: the snapshot's transaction ends before Liquibase goes on. */
    private SchemaSnapshot snapshot() throws SQLException {
        SchemaSnapshot snapshot = SchemaSnapshot.take(connection, liquibaseTables);
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
        return snapshot;
    }

    /**
     * After a failure the schema is unknown: drop every schema, create those the database started
     * with, and update from nothing up to {@code changeSet}.
     */
    private void rebuild(ChangeSet changeSet, Set<String> schemasAtStart) throws SQLException, LiquibaseException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            for (String schema : schemas(SchemaSnapshot.take(connection, liquibaseTables))) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
            for (String schema : schemasAtStart) {
                st.execute("CREATE SCHEMA " + schema);
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        // Liquibase remembers the changesets it ran and its lock: both went with their tables.
        ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database).reset();
        LockServiceFactory.getInstance().getLockService(database).reset();
        List<ChangeSet> unrun = liquibase.listUnrunChangeSets(contexts, labels);
        liquibase.update(unrun.indexOf(changeSet) + 1, contexts, labels);
    }

    private static Set<String> schemas(SchemaSnapshot snapshot) {
        Set<String> schemas = new TreeSet<>();
        for (String key : snapshot.objects().keySet()) {
            if (key.startsWith("schema ")) {
                schemas.add(key.substring("schema ".length()));
            }
        }
        return schemas;
    }

    /** Liquibase wraps the server's error in a few layers, each repeating the last; the innermost says it. */
    private static String reason(LiquibaseException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause().getMessage() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage().strip();
    }
}
