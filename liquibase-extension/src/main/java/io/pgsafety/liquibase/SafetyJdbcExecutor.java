package io.pgsafety.liquibase;

import io.pgsafety.core.config.ConfigException;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.runtime.BlockerReport;
import io.pgsafety.core.runtime.CarriedCommands;
import io.pgsafety.core.runtime.GuardSession;
import io.pgsafety.core.runtime.GuardedSql;
import io.pgsafety.core.runtime.LockRetry;
import io.pgsafety.core.runtime.LockRetryExhaustedException;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.sql.ast.Statement;
import io.pgsafety.core.sql.parser.SqlParser;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.executor.jvm.JdbcExecutor;
import liquibase.executor.jvm.StatementCallback;
import liquibase.sql.visitor.SqlVisitor;
import liquibase.statement.ExecutablePreparedStatement;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.MarkChangeSetRanStatement;
import liquibase.statement.core.RawParameterizedSqlStatement;
import liquibase.statement.core.RawSqlStatement;
import liquibase.statement.core.RemoveChangeSetRanStatusStatement;
import liquibase.statement.core.UpdateChangeSetChecksumStatement;
import liquibase.statement.core.UpdateChangeSetFilenameStatement;

/**
 * Liquibase's JDBC executor with the runtime guard around the statements of changesets: each runs
 * under {@code lock_timeout} (transaction-local inside the changeset's transaction, a session
 * setting put back before Liquibase records the changeset outside one), statements that block
 * reads or writes also under {@code statementTimeout}, and a lock timeout is retried with backoff
 * until {@code lockRetries} is spent; then the changeset fails naming the sessions that held the
 * lock. Only the statement that timed out is retried, from a savepoint inside a transaction, so
 * the statements before it survive. Before each attempt of a concurrent index build, an INVALID
 * index an earlier failed build left under its name is dropped.
 *
 * <p>A statement belongs to a changeset when Liquibase runs it with a changeset in its
 * {@link Scope}; the ones on Liquibase's own tables (DATABASECHANGELOG, DATABASECHANGELOGLOCK)
 * are its bookkeeping, and the ones that only set parameters wait for no lock: both run as they
 * are. {@code update-sql} and the other {@code *-sql} commands write SQL through Liquibase's
 * logging executor instead, which this does not touch.
 */
public class SafetyJdbcExecutor extends JdbcExecutor {

    private static final String QUERY_CANCELED = "57014";
    /**
     * Whether a statement can carry the guard's commands: before 4.33 Liquibase keeps
     * {@link StatementCallback} package-private, and {@link CarryingStatementCallback}, which
     * implements it, cannot load. Asked by name: naming the interface in code needs that access.
     */
    private static final boolean CARRYING = isPublic("liquibase.executor.jvm.StatementCallback");

    /** The changeset run of the last statement in a changeset's scope. */
    private ChangeSetRun run;
    /** The settings of the changelog of the last run: reading them costs more than running a small changeset. */
    private DatabaseChangeLog configuredChangeLog;
    private SafetyConfig configured;
    /** The guard's commands waiting to go with the next statement of an attempt. */
    private final CarriedCommands carried = new CarriedCommands();
    private String lastParsedSql;
    private List<ParsedStatement> lastParsed;

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public boolean supports(Database database) {
        return Databases.isPostgres(database);
    }

    @Override
    public void execute(SqlStatement statement, List<SqlVisitor> sqlVisitors) throws DatabaseException {
        ChangeSet changeSet = Scope.getCurrentScope().get(Scope.Attr.changeSet.name(), ChangeSet.class);
        if (changeSet == null || !(database.getConnection() instanceof JdbcConnection)) {
            super.execute(statement, sqlVisitors);
            return;
        }
        ChangeSetRun current = currentRun(changeSet);
        if (!current.config.enabled()) {
            super.execute(statement, sqlVisitors);
            return;
        }
        if (isBookkeeping(statement)) {
            // What run() would find by parsing its SQL, known from its type without the parse.
            current.restoreTimeouts();
            super.execute(statement, sqlVisitors);
            return;
        }
        if (statement instanceof ExecutablePreparedStatement) {
            // its SQL is only known to itself: the lock timeout and retries apply, the blocker report has no table to go by
            guard(current, GuardedSql.of(""), statement.getClass().getSimpleName(), false,
                    () -> super.execute(statement, sqlVisitors));
            return;
        }
        if (statement instanceof RawParameterizedSqlStatement) {
            String sql = modify(((RawParameterizedSqlStatement) statement).getSql(), sqlVisitors);
            run(current, sql, false, () -> super.execute(statement, sqlVisitors));
            return;
        }
        // Generated once and run as generated, rather than generated again by super.execute; one
        // attempt per SQL statement, so that a retry outside a transaction repeats only the one that timed out.
        for (String each : applyVisitors(statement, sqlVisitors)) {
            if (each != null) {
                run(current, each, true, () -> super.execute(new RawSqlStatement(each), List.of()));
            }
        }
    }

    /**
     * Liquibase's run of a statement, on a JDBC statement that sends the guard's carried commands
     * first (nothing is carried before Liquibase 4.33: {@link #CARRYING}).
     */
    @Override
    public Object execute(StatementCallback action, List<SqlVisitor> sqlVisitors) throws DatabaseException {
        if (!carried.pending()) {
            return super.execute(action, sqlVisitors);
        }
        return super.execute(new CarryingStatementCallback(action, carried), sqlVisitors);
    }

    @FunctionalInterface
    private interface Execution {
        void run() throws DatabaseException;
    }

    /**
     * One run of a changeset by Liquibase (its update, or a rollback of it), which gets a scope of
     * its own with the changeset in it: the settings it runs with, and the guard's session on the
     * connection, shared by its statements: inside the changeset's transaction a statement costs no
     * extra round trip (the guard's commands go with it), outside one only the first does.
     */
    private static final class ChangeSetRun {
        final Scope scope;
        final ChangeSet changeSet;
        final SafetyConfig config;
        /** The command that applies changes the run belongs to (null: none), whose pre-flight read its statements. */
        final Scope command;
        private GuardSession session;

        ChangeSetRun(Scope scope, ChangeSet changeSet, SafetyConfig config) {
            this.scope = scope;
            this.changeSet = changeSet;
            this.config = config;
            this.command = CommandTracker.applyingCommand();
        }

        /** The statements of {@code sql} as the pre-flight read them; null when it did not. */
        List<ParsedStatement> planned(String sql) {
            return PreflightMemo.statements(command, sql);
        }

        GuardSession session(Connection connection) {
            if (session == null) {
                session = GuardSession.open(connection, config.lockTimeout());
            }
            return session;
        }

        /** Puts back the session values of a changeset that ran outside a transaction. */
        void restoreTimeouts() throws DatabaseException {
            if (session == null) {
                return;
            }
            try {
                session.close();
            } catch (SQLException e) {
                throw new DatabaseException("pg-safety could not put lock_timeout back after changeset " + changeSet
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * {@code sql} parsed, or the statements of the same text parsed last: what Liquibase itself
     * runs in each changeset ({@code SET LOCAL search_path}, say) is the same text every time.
     */
    private List<ParsedStatement> parsed(String sql) {
        if (!sql.equals(lastParsedSql)) {
            lastParsed = SqlParser.parse(sql).statements();
            lastParsedSql = sql;
        }
        return lastParsed;
    }

    private ChangeSetRun currentRun(ChangeSet changeSet) throws DatabaseException {
        Scope scope = Scope.getCurrentScope();
        while (scope.getParent() != null
                && scope.getParent().get(Scope.Attr.changeSet.name(), ChangeSet.class) == changeSet) {
            scope = scope.getParent();
        }
        if (run == null || run.scope != scope || run.changeSet != changeSet) {
            if (run != null) {
                run.restoreTimeouts();
            }
            run = new ChangeSetRun(scope, changeSet, config());
        }
        return run;
    }

    /** The settings in force for the scope's changelog, read once per changelog of the command. */
    private SafetyConfig config() throws DatabaseException {
        DatabaseChangeLog changeLog = SafetyConfiguration.scopeChangeLog();
        if (configured == null || changeLog != configuredChangeLog) {
            try {
                configured = SafetyConfiguration.current(changeLog);
            } catch (ConfigException e) {
                throw new DatabaseException("pg-safety: " + e.getMessage(), e);
            }
            configuredChangeLog = changeLog;
        }
        return configured;
    }

    /** Liquibase's own {@code SET} commands (search_path, say), which the guard lets through as they are. */
    private static boolean onlySettings(List<ParsedStatement> statements) {
        for (ParsedStatement statement : statements) {
            if (!(statement.statement() instanceof Statement.SetParameter)) {
                return false;
            }
        }
        return !statements.isEmpty();
    }

    /**
     * Runs {@code sql} as it is when it only sets parameters (no lock to wait for: Liquibase sets
     * search_path this way) or works on Liquibase's own tables (its bookkeeping, which runs with
     * the session's own timeouts); guarded otherwise.
     */
    private void run(ChangeSetRun current, String sql, boolean onStatementCallback, Execution execution)
            throws DatabaseException {
        List<ParsedStatement> planned = current.planned(sql);
        List<ParsedStatement> statements = planned != null ? planned : parsed(sql);
        if (onlySettings(statements)) {
            execution.run();
            return;
        }
        GuardedSql guarded = GuardedSql.of(statements);
        if (onLiquibaseTables(guarded.lockedTables())) {
            current.restoreTimeouts();
            execution.run();
        } else {
            guard(current, guarded, sql, onStatementCallback, execution);
        }
    }

    /** Liquibase recording a changeset in DATABASECHANGELOG, which it does in the changeset's scope. */
    private static boolean isBookkeeping(SqlStatement statement) {
        return statement instanceof MarkChangeSetRanStatement || statement instanceof RemoveChangeSetRanStatusStatement
                || statement instanceof UpdateChangeSetChecksumStatement
                || statement instanceof UpdateChangeSetFilenameStatement;
    }

    private boolean onLiquibaseTables(List<QualifiedName> tables) {
        for (QualifiedName table : tables) {
            if (table.name().equalsIgnoreCase(database.getDatabaseChangeLogTableName())
                    || table.name().equalsIgnoreCase(database.getDatabaseChangeLogLockTableName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code sql}: the SQL as it runs, or what stands for it in messages; {@code onStatementCallback}:
     * whether {@code execution} runs it through {@link #execute(StatementCallback, List)}, which
     * then sends the guard's commands along with it.
     */
    private void guard(ChangeSetRun current, GuardedSql guarded, String sql, boolean onStatementCallback,
            Execution execution) throws DatabaseException {
        ChangeSet changeSet = current.changeSet;
        LockRetry.Policy policy = guarded.policy(current.config);
        LockRetry retry = new LockRetry(policy).onTimeout(attempt -> reportTimeout(changeSet, policy, attempt));
        Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        GuardSession session = current.session(connection);
        if (onStatementCallback && CARRYING) {
            session.carryNextAttemptWith(carried);
        }
        try {
            guarded.run(session, retry, index -> reportDropped(changeSet, index), c -> {
                try {
                    execution.run();
                    carried.sendIfPending(c);
                } catch (DatabaseException e) {
                    throw new ExecutionFailed(e);
                } finally {
                    carried.discard();
                }
                return null;
            });
        } catch (ExecutionFailed e) {
            throw restoringTimeouts(current, explainStatementTimeout(e.failure, policy, changeSet));
        } catch (LockRetryExhaustedException e) {
            throw restoringTimeouts(current, new DatabaseException("pg-safety: changeset " + changeSet
                    + " could not get the lock it needs for " + abbreviate(sql) + " (liquibase.safety.lockTimeout="
                    + millis(policy.lockTimeout()) + ", lockRetries=" + policy.retries() + "). " + e.getMessage(), e));
        } catch (SQLException e) {
            throw restoringTimeouts(current, new DatabaseException("pg-safety: could not guard " + abbreviate(sql)
                    + " in changeset " + changeSet + ": " + e.getMessage(), e));
        }
    }

    /** A failed changeset runs no more statements: its session values go back now, not at its bookkeeping. */
    private static DatabaseException restoringTimeouts(ChangeSetRun current, DatabaseException failure) {
        try {
            current.restoreTimeouts();
        } catch (DatabaseException restoreFailed) {
            failure.addSuppressed(restoreFailed);
        }
        return failure;
    }

    private static DatabaseException explainStatementTimeout(DatabaseException failure, LockRetry.Policy policy,
            ChangeSet changeSet) {
        if (policy.statementTimeout() == null || !hasSqlState(failure, QUERY_CANCELED)) {
            return failure;
        }
        return new DatabaseException("pg-safety: liquibase.safety.statementTimeout=" + millis(policy.statementTimeout())
                + " cancelled a statement of changeset " + changeSet + " that blocks reads or writes while it runs."
                + " Make it faster, split it, or raise statementTimeout for it. " + failure.getMessage(), failure);
    }

    private static boolean hasSqlState(Throwable failure, String sqlState) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException && sqlState.equals(((SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void reportTimeout(ChangeSet changeSet, LockRetry.Policy policy, LockRetry.Attempt attempt) {
        boolean retrying = attempt.willRetry();
        Scope.getCurrentScope().getUI().sendMessage("pg-safety: changeset " + changeSet + " waited "
                + attempt.waited().toMillis() + " ms for a lock, longer than lockTimeout (attempt " + attempt.number()
                + " of " + (policy.retries() + 1) + (retrying ? "; retrying" : "; giving up") + ").\n"
                + BlockerReport.describe(attempt.blockers()));
    }

    private static void reportDropped(ChangeSet changeSet, QualifiedName index) {
        Scope.getCurrentScope().getUI().sendMessage("pg-safety: changeset " + changeSet + ": dropped the INVALID index "
                + index.sql() + " that a failed concurrent build left behind.");
    }

    private String modify(String sql, List<SqlVisitor> sqlVisitors) {
        String result = sql;
        if (sqlVisitors != null) {
            for (SqlVisitor visitor : sqlVisitors) {
                if (visitor != null) {
                    result = visitor.modifySql(result, database);
                }
            }
        }
        return result;
    }

    private static boolean isPublic(String className) {
        try {
            return Modifier.isPublic(Class.forName(className, false, JdbcExecutor.class.getClassLoader()).getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%dms", d.toMillis());
    }

    /** Carries Liquibase's own failure through {@link LockRetry}, which sees a lock timeout in its causes. */
    private static final class ExecutionFailed extends SQLException {
        private static final long serialVersionUID = 1L;
        private final transient DatabaseException failure;

        ExecutionFailed(DatabaseException failure) {
            super(failure.getMessage(), null, failure);
            this.failure = failure;
        }
    }
}
