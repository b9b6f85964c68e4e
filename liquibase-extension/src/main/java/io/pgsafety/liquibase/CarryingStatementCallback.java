package io.pgsafety.liquibase;

import java.sql.SQLException;
import java.sql.Statement;
import liquibase.exception.DatabaseException;
import liquibase.executor.jvm.StatementCallback;
import liquibase.statement.SqlStatement;

/**
 * Liquibase's callback for one statement, run on a JDBC statement that sends
 * {@link CarriedCommands} first. It cannot load where Liquibase keeps {@link StatementCallback}
 * package-private (before 4.33): {@link SafetyJdbcExecutor} carries nothing there.
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
        return liquibases.doInStatement(carried.ahead(statement));
    }

    @Override
    public SqlStatement getStatement() {
        return liquibases.getStatement();
    }
}
