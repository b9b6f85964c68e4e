package io.pgsafety.flyway;

import io.pgsafety.core.runtime.CarriedCommands;
import java.sql.Connection;
import java.sql.SQLException;
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
final class GuardedJdbcTemplate extends JdbcTemplate {

    private final CarriedCommands carried = new CarriedCommands();

    GuardedJdbcTemplate(Connection connection, DatabaseType databaseType) {
        super(connection, databaseType);
    }

    /** What the guard gives the next statement to carry. */
    CarriedCommands carried() {
        return carried;
    }

    @Override
    public Results executeStatement(String sql) {
        CarriedCommands.Ahead ahead = carried.take(sql);
        if (ahead == null) {
            return super.executeStatement(sql);
        }
        Results results = super.executeStatement(ahead.sql());
        List<Result> list = results.getResults();
        list.subList(0, Math.min(ahead.commandResults(), list.size())).clear();
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
        carried.sendIfPending(getConnection());
    }
}
