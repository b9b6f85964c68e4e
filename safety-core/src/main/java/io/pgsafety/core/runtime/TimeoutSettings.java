package io.pgsafety.core.runtime;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** The SQL that reads and sets {@code lock_timeout} and {@code statement_timeout}, shared by the guard's classes. */
final class TimeoutSettings {

    /** What was in force before a change: columns 1 to 3 of {@link #readingThenSetting}. */
    record Originals(String lockTimeout, String statementTimeout, int backendPid) {
        static Originals of(ResultSet rs) throws SQLException {
            rs.next();
            return new Originals(rs.getString(1), rs.getString(2), rs.getInt(3));
        }
    }

    private TimeoutSettings() {}

    /**
     * One query that returns the values in force (and the backend's pid) and then makes
     * {@code sets}: the fenced subquery (OFFSET 0) reads the values before the outer list sets new ones.
     */
    static String readingThenSetting(List<String> sets) {
        StringBuilder sql = new StringBuilder("SELECT p.lock_timeout, p.statement_timeout, p.pid");
        for (String set : sets) {
            sql.append(", ").append(set);
        }
        return sql.append(" FROM (SELECT current_setting('lock_timeout') AS lock_timeout,")
                .append(" current_setting('statement_timeout') AS statement_timeout,")
                .append(" pg_catalog.pg_backend_pid() AS pid OFFSET 0) p").toString();
    }

    /** The query that makes {@code sets}. */
    static String setting(List<String> sets) {
        return "SELECT " + String.join(", ", sets);
    }

    /** A {@code set_config} call; {@code local} makes it last until the end of the transaction. */
    static String set(String name, String value, boolean local) {
        return "set_config('" + name + "', " + literal(value) + ", " + local + ")";
    }

    /**
     * The same change as a {@code SET} command: a utility statement with no result and no plan,
     * cheaper for the server than a query of {@code set_config}, when nothing is read along.
     */
    static String setCommand(String name, String value, boolean local) {
        return (local ? "SET LOCAL " : "SET ") + name + " = " + literal(value);
    }

    /** {@code 'text'} with its quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    /** Runs {@code sql}, a query without results of interest. */
    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeQuery(sql).close();
        }
    }
}
