package io.pgsafety.flyway;

import io.pgsafety.core.runtime.GuardSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.internal.database.DatabaseType;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;
import org.flywaydb.core.internal.jdbc.Result;
import org.flywaydb.core.internal.jdbc.Results;

/**
 * Flyway's JDBC template for the statements of guarded scripts, which can carry the runtime
 * guard's commands for the next statement ({@code SET LOCAL lock_timeout}, the savepoint) in the
 * same round trip as the statement: one multi-statement string, whose first results, the
 * commands', are dropped, so that Flyway sees the statement's results as if it ran alone.
 */
final class GuardedJdbcTemplate extends JdbcTemplate implements GuardSession.Carrier {

    private String carried;
    private int carriedStatements;

    GuardedJdbcTemplate(Connection connection, DatabaseType databaseType) {
        super(connection, databaseType);
    }

    @Override
    public void carry(String sql, int statements) {
        carried = sql;
        carriedStatements = statements;
    }

    @Override
    public Results executeStatement(String sql) {
        if (carried == null) {
            return super.executeStatement(sql);
        }
        String commands = carried;
        int commandResults = carriedStatements;
        carried = null;
        Results results = super.executeStatement(commands + "; " + sql);
        List<Result> list = results.getResults();
        list.subList(0, Math.min(commandResults, list.size())).clear();
        // As Flyway records them for the statement alone: its SQL, and a result set carries the
        // update count last seen before it, which a command's must not be.
        long lastUpdateCount = -1;
        for (int i = 0; i < list.size(); i++) {
            Result r = list.get(i);
            if (r.columns() == null) {
                lastUpdateCount = r.updateCount();
            }
            list.set(i, new Result(r.columns() == null ? r.updateCount() : lastUpdateCount, r.columns(), r.data(), sql));
        }
        return results;
    }

    /**
     * Sends what is still carried on its own: the statement it was meant for did not come through
     * {@link #executeStatement} (a callback skipped it, say), and the guard counts on it having run.
     */
    void sendCarried() throws SQLException {
        if (carried == null) {
            return;
        }
        String commands = carried;
        carried = null;
        try (Statement s = getConnection().createStatement()) {
            s.execute(commands);
        }
    }
}
