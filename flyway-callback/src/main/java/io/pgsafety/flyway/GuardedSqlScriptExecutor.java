package io.pgsafety.flyway;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.runtime.GuardSession;
import io.pgsafety.core.runtime.LockRetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.internal.callback.CallbackExecutor;
import org.flywaydb.core.internal.exception.FlywaySqlException;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;
import org.flywaydb.core.internal.jdbc.Results;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.sqlscript.DefaultSqlScriptExecutor;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.core.internal.sqlscript.ParsedSqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlScript;
import org.flywaydb.core.internal.sqlscript.SqlStatement;

/**
 * Runs each statement of a SQL migration the way Flyway does (statement callbacks, warnings,
 * results, errors) under pg-safety's runtime guard, one {@link GuardSession} per script (going on
 * from the previous script's when they share a transaction, {@link GroupTransaction}) so that a
 * statement costs at most one extra round trip, and one in a transaction none (its commands ride
 * with it, {@link GuardedJdbcTemplate}): {@code lock_timeout} on every attempt,
 * {@code statementTimeout} only for statements that block reads or writes, lock timeouts retried
 * with backoff (from a savepoint inside a transaction), the blocking sessions named when it gives
 * up, and the INVALID leftover of a failed concurrent index build dropped before each attempt.
 *
 * <p>In a script that Flyway runs without a transaction because some statements cannot run in
 * one, each run of consecutive statements that can gets a transaction of its own.
 */
final class GuardedSqlScriptExecutor extends DefaultSqlScriptExecutor {

    private static final Log LOG = LogFactory.getLog(GuardedSqlScriptExecutor.class);

    /** The guard of the script that runs now, with its timeouts and savepoint on the connection; null when off. */
    private StatementGuard guard;
    /** Set while a script whose transactional statements are grouped runs. */
    private OwnTransactions ownTransactions;

    GuardedSqlScriptExecutor(JdbcTemplate jdbcTemplate, CallbackExecutor<Event> callbackExecutor, boolean undo,
            boolean outputQueryResults, StatementInterceptor statementInterceptor) {
        // No batches (a Flyway Teams feature): every statement needs its own lock_timeout, retry and savepoint.
        super(jdbcTemplate, callbackExecutor, undo, false, outputQueryResults, statementInterceptor);
    }

    @Override
    public List<Results> execute(SqlScript script, Configuration configuration) {
        SafetyConfig settings = SafetySettings.of(configuration);
        if (!settings.enabled()) {
            return super.execute(script, configuration);
        }
        Connection connection = jdbcTemplate.getConnection();
        String path = script.getResource().getRelativePath();
        GuardSession session = GroupTransaction.session(connection, configuration, settings.lockTimeout());
        guard = new StatementGuard(settings, session, () -> openProbe(configuration), LOG, "pg-safety");
        try {
            List<Results> results;
            if (!(script instanceof GuardedSqlScript guarded && guarded.groupsTransactionalStatements())
                    || !autoCommit(connection)) {
                results = super.execute(script, configuration);
            } else {
                results = executeInOwnTransactions(script, configuration, connection);
            }
            session.putBackStatementTimeout();
            session.close();
            GroupTransaction.scriptRan(connection, configuration, session,
                    PlannedStatements.ran(configuration, path, false));
            return results;
        } catch (SQLException e) {
            failed(configuration, path, connection);
            throw new FlywaySqlException("pg-safety could not put lock_timeout back after "
                    + script.getResource().getFilename(), e);
        } catch (RuntimeException e) {
            failed(configuration, path, connection);
            try {
                session.close();
            } catch (SQLException restoreFailed) {
                e.addSuppressed(restoreFailed);
            }
            throw e;
        } finally {
            guard = null;
        }
    }

    private static void failed(Configuration configuration, String path, Connection connection) {
        PlannedStatements.ran(configuration, path, true);
        GroupTransaction.end(connection);
    }

    private List<Results> executeInOwnTransactions(SqlScript script, Configuration configuration,
            Connection connection) {
        String name = script.getResource().getFilename();
        LOG.info("pg-safety: " + name + " has statements that cannot run in a transaction: they run on their own,"
                + " and each run of the other statements commits in a transaction of its own");
        ownTransactions = new OwnTransactions(connection, guard.session(), name);
        try {
            List<Results> results = super.execute(script, configuration);
            ownTransactions.finish();
            return results;
        } catch (RuntimeException e) {
            ownTransactions.abandon(e);
            throw e;
        } finally {
            ownTransactions = null;
        }
    }

    @Override
    protected Results executeStatement(JdbcTemplate template, SqlScript script, SqlStatement statement,
            Configuration configuration) {
        if (guard == null) {
            return super.executeStatement(template, script, statement, configuration);
        }
        if (ownTransactions != null) {
            ownTransactions.enter(statement);
        }
        if (template instanceof GuardedJdbcTemplate carrier && statement.getClass() == ParsedSqlStatement.class) {
            // Flyway runs it through template.executeStatement (unlike COPY … FROM STDIN, say).
            guard.session().carryNextAttemptWith(carrier.carried());
        }
        try {
            return guard.run(PlannedStatements.of(configuration, statement.getSql()), !statement.canExecuteInTransaction(),
                    script.getResource().getFilename() + " line " + statement.getLineNumber(),
                    connection -> attempt(template, script, statement, configuration));
        } catch (FailedAttempt failed) {
            throw failed.failure;
        } catch (SQLException e) {
            throw new FlywaySqlScriptException(script.getResource(), statement, e,
                    configuration.getCurrentEnvironmentName());
        }
    }

    /** One try, Flyway's way; its failure comes back as the SQLException that {@link LockRetry} judges. */
    private Results attempt(JdbcTemplate template, SqlScript script, SqlStatement statement,
            Configuration configuration) throws SQLException {
        Results results;
        try {
            results = super.executeStatement(template, script, statement, configuration);
        } catch (FlywaySqlScriptException e) {
            throw new FailedAttempt(e);
        }
        if (template instanceof GuardedJdbcTemplate carrier) {
            carrier.sendCarried();
        }
        return results;
    }

    /** A second connection, which watches who blocks a statement that waits for its lock. */
    private static Connection openProbe(Configuration configuration) throws SQLException {
        DataSource dataSource = configuration.getDataSource();
        if (dataSource == null) {
            throw new SQLException("Flyway's configuration has no data source to watch blocking sessions with");
        }
        return dataSource.getConnection();
    }

    private static boolean autoCommit(Connection connection) {
        try {
            return connection.getAutoCommit();
        } catch (SQLException e) {
            throw new FlywaySqlException("pg-safety could not read the connection's transaction state", e);
        }
    }

    /** Flyway's failure of one attempt, carrying its SQLSTATE so that a lock timeout is retried. */
    private static final class FailedAttempt extends SQLException {

        private static final long serialVersionUID = 1L;

        private final transient FlywaySqlScriptException failure;

        FailedAttempt(FlywaySqlScriptException failure) {
            super(failure.getMessage(), failure.getSqlState(), failure.getCause());
            this.failure = failure;
        }
    }

    /**
     * The transactions of a script that Flyway runs without one: each run of consecutive
     * statements that can run in a transaction commits together; the others run on their own.
     */
    private static final class OwnTransactions {

        private final Connection connection;
        private final GuardSession session;
        private final String script;
        /** Line of the first statement of the open transaction, 0 when none is open. */
        private int openSince;
        /** Line of the last statement whose work is committed, 0 when none is. */
        private int committedThrough;
        /** Line of the statement that runs now (or ran last). */
        private int current;

        OwnTransactions(Connection connection, GuardSession session, String script) {
            this.connection = connection;
            this.session = session;
            this.script = script;
        }

        /** Before {@code statement}: the one before it has succeeded. */
        void enter(SqlStatement statement) {
            if (current != 0 && openSince == 0) {
                committedThrough = current;
            }
            int line = statement.getLineNumber();
            try {
                if (statement.canExecuteInTransaction() && openSince == 0) {
                    connection.setAutoCommit(false);
                    openSince = line;
                } else if (!statement.canExecuteInTransaction() && openSince != 0) {
                    commit();
                }
            } catch (SQLException e) {
                throw new FlywaySqlException("pg-safety could not commit the statements of " + script + " from line "
                        + openSince + " before the one at line " + line + ", which runs outside a transaction", e);
            }
            current = line;
        }

        void finish() {
            try {
                if (openSince != 0) {
                    commit();
                }
            } catch (SQLException e) {
                throw new FlywaySqlException("pg-safety could not commit the statements of " + script + " from line "
                        + openSince, e);
            }
        }

        private void commit() throws SQLException {
            session.endTransaction(true);
            committedThrough = current;
            openSince = 0;
        }

        /** Rolls back the open transaction and says what stays applied. */
        void abandon(RuntimeException failure) {
            int rolledBackFrom = openSince;
            try {
                if (openSince != 0) {
                    session.endTransaction(false);
                } else {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
            if (committedThrough == 0) {
                LOG.error("pg-safety: " + script + " failed at line " + current + " and none of its statements stay"
                        + " applied. Flyway records the migration as failed: fix the cause, run 'flyway repair',"
                        + " then migrate again.");
                return;
            }
            LOG.error("pg-safety: " + script + " failed at line " + current + "; its statements up to line "
                    + committedThrough + " were committed and stay applied"
                    + (rolledBackFrom != 0 ? ", the transaction from line " + rolledBackFrom + " was rolled back" : "")
                    + ". Flyway records the migration as failed: revert what stays applied or make those statements"
                    + " idempotent (IF NOT EXISTS), fix the cause, run 'flyway repair', then migrate again.");
        }
    }
}
