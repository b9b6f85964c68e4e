package io.pgsafety.liquibase;

import io.pgsafety.core.runtime.GuardSession;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The runtime guard's commands for the next attempt ({@code SET LOCAL lock_timeout}, the
 * savepoint), sent in the same round trip as the attempt's statement: the JDBC statement Liquibase
 * runs it on sends them ahead of its SQL as one multi-statement string and steps past their
 * results. Liquibase itself sees its SQL alone: in its log, its SQL listeners, its row counts and
 * its error messages.
 */
final class CarriedCommands implements GuardSession.Carrier {

    private String commands;
    private int commandResults;

    @Override
    public void carry(String sql, int statements) {
        commands = sql;
        commandResults = statements;
    }

    boolean pending() {
        return commands != null;
    }

    /** {@code statement}, whose next {@code execute(String)} takes the carried commands along. */
    Statement ahead(Statement statement) {
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (pending() && isExecuteOfSql(method)) {
                        return executeWithCommands(statement, (String) args[0]);
                    }
                    try {
                        return method.invoke(statement, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Sends what is still carried on its own: the statement did not come through {@link #ahead}. */
    void sendIfPending(Connection connection) throws SQLException {
        if (!pending()) {
            return;
        }
        String sql = commands;
        discard();
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The attempt failed before its statement ran: nothing to send with anything else. */
    void discard() {
        commands = null;
        commandResults = 0;
    }

    private boolean executeWithCommands(Statement statement, String sql) throws SQLException {
        String ahead = commands;
        int skip = commandResults;
        discard();
        boolean resultSet = statement.execute(ahead + "; " + sql);
        for (int i = 0; i < skip; i++) {
            resultSet = statement.getMoreResults();
        }
        return resultSet;
    }

    private static boolean isExecuteOfSql(Method method) {
        return method.getName().equals("execute") && method.getParameterCount() == 1
                && method.getParameterTypes()[0] == String.class;
    }
}
