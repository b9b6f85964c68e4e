package io.pgsafety.core.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The runtime guard's commands for the next attempt ({@code SET LOCAL lock_timeout}, the
 * savepoint), held until the attempt's statement goes to the server, in the same round trip: an
 * integration that runs the statement takes them ({@link #take}), sends one multi-statement
 * string and steps past the commands' results, so that what the migration tool sees is the
 * statement's alone.
 */
public final class CarriedCommands implements GuardSession.Carrier {

    /** {@code sql}: the commands, then the statement; {@code commandResults}: how many results come before the statement's. */
    public record Ahead(String sql, int commandResults) {}

    private String commands;
    private int commandResults;

    @Override
    public void carry(String sql, int statements) {
        commands = sql;
        commandResults = statements;
    }

    public boolean pending() {
        return commands != null;
    }

    /** What to send for {@code statement} with the commands ahead of it; null when none are carried. */
    public Ahead take(String statement) {
        if (commands == null) {
            return null;
        }
        Ahead ahead = new Ahead(commands + "; " + statement, commandResults);
        discard();
        return ahead;
    }

    /**
     * Sends what is still carried on its own: the statement it was meant for did not take it (a
     * callback skipped it, say), and the guard counts on it having run.
     */
    public void sendIfPending(Connection connection) throws SQLException {
        if (commands == null) {
            return;
        }
        String sql = commands;
        discard();
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The attempt failed before its statement ran: nothing to send with anything else. */
    public void discard() {
        commands = null;
        commandResults = 0;
    }
}
