package io.pgsafety.flyway;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.runtime.LockRetry;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.parser.SqlParser;
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
 * Each statement waits for its locks at most {@code lockTimeout} at a time and is retried after a
 * timeout up to {@code lockRetries} times; the error after the last one names the blockers.
 */
final class UndoScriptRunner {

    private static final Log LOG = LogFactory.getLog(UndoScriptRunner.class);

    /** What ends the script's run, in its last transaction: removing the version's history row. */
    @FunctionalInterface
    interface Finish {
        void run(Connection connection) throws SQLException;
    }

    private final LockRetry retry;
    private final int pgVersion;

    UndoScriptRunner(SafetyConfig config, LockRetry.ConnectionSource probe, int pgVersion) {
        this.retry = new LockRetry(new LockRetry.Policy(config.lockTimeout(), null, config.lockRetries(),
                config.retryBackoff()))
                .withProbe(probe)
                .onTimeout(a -> LOG.warn("pg-safety undo: lock wait timed out after " + a.waited().toMillis()
                        + " ms (attempt " + a.number() + "), retrying"));
        this.pgVersion = pgVersion;
    }

    /**
     * Runs {@code script} on {@code connection} and then {@code finish}; a failure rolls back the
     * open transaction (statements that ran outside one stay done) and is thrown naming the
     * statement that failed.
     */
    void run(Connection connection, Migration script, Finish finish) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        List<ParsedStatement> statements = SqlParser.parse(script.sql()).statements().stream()
                .filter(s -> !s.tokens().isEmpty()).toList();
        ParsedStatement current = null;
        try {
            for (ParsedStatement statement : statements) {
                current = statement;
                enterTransaction(connection, !runsOutsideTransaction(script, statement));
                retry.run(connection, List.of(), c -> {
                    try (Statement s = c.createStatement()) {
                        return s.execute(statement.text());
                    }
                });
            }
            current = null;
            finish.run(connection);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            rollback(connection, e);
            throw new FlywayException("pg-safety undo: " + script.name() + " failed"
                    + (current == null ? "" : " at line " + current.tokens().get(0).line() + " ("
                            + oneLine(current.text()) + ")")
                    + ": " + e.getMessage(), e);
        } finally {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException e) {
                LOG.warn("pg-safety undo: could not restore auto-commit: " + e.getMessage());
            }
        }
    }

    private boolean runsOutsideTransaction(Migration script, ParsedStatement statement) {
        return switch (script.transactionMode()) {
            case WRAPPED -> false;
            case AUTOCOMMIT -> true;
            case WRAPPED_EXCEPT_CONCURRENT -> NonTransactional.mustRunOutsideTransaction(statement.statement(), pgVersion);
        };
    }

    /** Opens a transaction when the next statement needs one, commits the open one when it must run outside. */
    private static void enterTransaction(Connection connection, boolean transactional) throws SQLException {
        if (transactional && connection.getAutoCommit()) {
            connection.setAutoCommit(false);
        } else if (!transactional && !connection.getAutoCommit()) {
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    private static void rollback(Connection connection, SQLException cause) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String oneLine(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
