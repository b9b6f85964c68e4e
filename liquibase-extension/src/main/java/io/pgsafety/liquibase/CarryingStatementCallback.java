package io.pgsafety.liquibase;

import io.pgsafety.core.runtime.CarriedCommands;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.Statement;
import liquibase.exception.DatabaseException;
import liquibase.executor.jvm.StatementCallback;
import liquibase.statement.SqlStatement;

/**
 * Liquibase's callback for one statement, run on a JDBC statement that sends the guard's
 * {@link CarriedCommands} first and steps past their results: Liquibase itself sees its SQL alone,
 * in its log, its SQL listeners, its row counts and its error messages. It cannot load where
 * Liquibase keeps {@link StatementCallback} package-private (before 4.33):
 * {@link SafetyJdbcExecutor} carries nothing there.
 */
final class CarryingStatementCallback implements StatementCallback {

    private final StatementCallback liquibases;
    private final CarriedCommands carried;

    CarryingStatementCallback(StatementCallback liquibases, CarriedCommands carried) {
        this.liquibases = liquibases;
        this.carried = carried;
    }

    @Override
    public Object doInStatement(Statement statement) throws SQLException, DatabaseException {
        return liquibases.doInStatement(ahead(statement, carried));
    }

    @Override
    public SqlStatement getStatement() {
        return liquibases.getStatement();
    }

    /** {@code statement}, whose next {@code execute(String)} takes {@code carried} along. */
    static Statement ahead(Statement statement, CarriedCommands carried) {
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    CarriedCommands.Ahead ahead = isExecuteOfSql(method) ? carried.take((String) args[0]) : null;
                    if (ahead != null) {
                        return execute(statement, ahead);
                    }
                    try {
                        return method.invoke(statement, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean execute(Statement statement, CarriedCommands.Ahead ahead) throws SQLException {
        boolean resultSet = statement.execute(ahead.sql());
        for (int i = 0; i < ahead.commandResults(); i++) {
            resultSet = statement.getMoreResults();
        }
        return resultSet;
    }

    private static boolean isExecuteOfSql(Method method) {
        return method.getName().equals("execute") && method.getParameterCount() == 1
                && method.getParameterTypes()[0] == String.class;
    }
}
