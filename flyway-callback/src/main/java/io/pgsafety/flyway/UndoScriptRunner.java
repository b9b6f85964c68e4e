package io.pgsafety.flyway;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.runtime.GuardSession;
import io.pgsafety.core.runtime.GuardedSql;
import io.pgsafety.core.runtime.LockRetry;
import io.pgsafety.core.sql.ast.ParsedStatement;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * Runs one undo script the way the pre-flight analysed it: in one transaction
 * ({@link Migration.TransactionMode#WRAPPED}), statement by statement
 * ({@link Migration.TransactionMode#AUTOCOMMIT}), or in transactions broken only around the
 * statements that cannot run in one ({@link Migration.TransactionMode#WRAPPED_EXCEPT_CONCURRENT}).
 * Each statement gets the runtime guard a migration's statement gets ({@link StatementGuard}), in
 * one {@link GuardSession} for the script: it waits for its locks at most {@code lockTimeout} at a
 * time and is retried after a timeout up to {@code lockRetries} times (the error after the last
 * one names the blockers), runs under {@code statementTimeout} when it blocks reads or writes, and
 * a concurrent index build first drops the INVALID index a failed build left under its name. The
 * session's own timeouts are back in force when the script is done. With {@code enabled=false}
 * the statements run as they are, in the same transactions, as migrate then runs scripts.
 */
final class UndoScriptRunner {

    private static final Log LOG = LogFactory.getLog(UndoScriptRunner.class);

    /** What ends the script's run, in its last transaction: removing the version's history row. */
    @FunctionalInterface
    interface Finish {
        void run(Connection connection) throws SQLException;
    }

    private final SafetyConfig config;
    private final LockRetry.ConnectionSource probe;
    private final int pgVersion;

    UndoScriptRunner(SafetyConfig config, LockRetry.ConnectionSource probe, int pgVersion) {
        this.config = config;
        this.probe = probe;
        this.pgVersion = pgVersion;
    }

    /**
     * Runs {@code script} on {@code connection} and then {@code finish}; a failure rolls back the
     * open transaction (statements that ran outside one stay done) and is thrown naming the
     * statement that failed.
     */
    void run(Connection connection, Migration script, Finish finish) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        List<ParsedStatement> statements = script.parse().statements().stream()
                .filter(s -> !s.tokens().isEmpty()).toList();
        String file = Paths.get(script.name()).getFileName().toString();
        StatementGuard guard = new StatementGuard(config, GuardSession.open(connection, config.lockTimeout()), probe,
                LOG, "pg-safety undo");
        ParsedStatement current = null;
        try {
            for (ParsedStatement statement : statements) {
                current = statement;
                boolean outside = runsOutsideTransaction(script, statement);
                enterTransaction(guard.session(), !outside);
                if (config.enabled()) {
                    guard.run(GuardedSql.of(List.of(statement)), outside, file + " line " + line(statement),
                            c -> execute(c, statement));
                } else {
                    execute(connection, statement);
                }
            }
            current = null;
            finish.run(connection);
            enterTransaction(guard.session(), false);
        } catch (SQLException e) {
            rollback(guard.session(), e);
            throw new FlywayException("pg-safety undo: " + script.name() + " failed"
                    + (current == null ? "" : " at line " + line(current) + " (" + oneLine(current.text()) + ")")
                    + ": " + e.getMessage(), e);
        } finally {
            restore(guard.session(), autoCommit);
        }
    }

    private static boolean execute(Connection connection, ParsedStatement statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.execute(statement.text());
        }
    }

    /** Whether the pre-flight's model ran {@code statement} outside a transaction: the runner does the same. */
    private boolean runsOutsideTransaction(Migration script, ParsedStatement statement) {
        return switch (script.transactionMode()) {
            case WRAPPED -> false;
            case AUTOCOMMIT -> true;
            case WRAPPED_EXCEPT_CONCURRENT -> NonTransactional.mustRunOutsideTransaction(statement.statement(), pgVersion);
        };
    }

    /** Opens a transaction when the next statement needs one, commits the open one when it must run outside. */
    private static void enterTransaction(GuardSession session, boolean transactional) throws SQLException {
        Connection connection = session.connection();
        if (transactional && connection.getAutoCommit()) {
            connection.setAutoCommit(false);
        } else if (!transactional && !connection.getAutoCommit()) {
            session.endTransaction(true);
        }
    }

    private static void rollback(GuardSession session, SQLException cause) {
        try {
            if (!session.connection().getAutoCommit()) {
                session.endTransaction(false);
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Puts back the session's timeouts (outside any transaction, so that they stay put) and its auto-commit. */
    private static void restore(GuardSession session, boolean autoCommit) {
        try {
            session.close();
        } catch (SQLException e) {
            LOG.warn("pg-safety undo: could not put the session's lock_timeout and statement_timeout back: "
                    + e.getMessage());
        }
        try {
            session.connection().setAutoCommit(autoCommit);
        } catch (SQLException e) {
            LOG.warn("pg-safety undo: could not restore auto-commit: " + e.getMessage());
        }
    }

    private static int line(ParsedStatement statement) {
        return statement.tokens().get(0).line();
    }

    private static String oneLine(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
