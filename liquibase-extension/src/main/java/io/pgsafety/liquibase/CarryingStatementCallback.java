package io.pgsafety.liquibase;

import io.pgsafety.core.runtime.CarriedCommands;
import java.sql.SQLException;
import java.sql.Statement;
import liquibase.exception.DatabaseException;
import liquibase.executor.jvm.StatementCallback;
import liquibase.statement.SqlStatement;

/**
 * Liquibase's callback for one statement, run on a {@link CarryingStatement}, which sends the
 * guard's {@link CarriedCommands} first and steps past their results: Liquibase itself sees its
 * SQL alone, in its log, its SQL listeners, its row counts and its error messages. It cannot load where
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
        return liquibases.doInStatement(new CarryingStatement(statement, carried));
    }

    @Override
    public SqlStatement getStatement() {
        return liquibases.getStatement();
    }
}
