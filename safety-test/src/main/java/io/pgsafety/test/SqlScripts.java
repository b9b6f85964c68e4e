package io.pgsafety.test;

import io.pgsafety.core.analysis.NonTransactional;
import io.pgsafety.core.sql.ast.ParsedStatement;
import io.pgsafety.core.sql.parser.SqlParser;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs an SQL script the way migration tools do. */
final class SqlScripts {

    private SqlScripts() {}

    /**
     * Runs {@code sql} in one transaction, or statement by statement in autocommit when one of its
     * statements cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY} …).
     */
    static void run(Connection connection, String sql) throws SQLException {
        int major = TestDatabases.majorVersion(connection);
        List<ParsedStatement> statements = SqlParser.parse(sql).statements().stream()
                .filter(s -> !s.tokens().isEmpty()).toList();
        boolean transactional = statements.stream()
                .noneMatch(s -> NonTransactional.mustRunOutsideTransaction(s.statement(), major));
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(!transactional);
        try (Statement st = connection.createStatement()) {
            for (ParsedStatement statement : statements) {
                st.execute(statement.text());
            }
            if (transactional) {
                connection.commit();
            }
        } catch (SQLException e) {
            if (transactional) {
                connection.rollback();
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
