package io.pgsafety.liquibase;

import java.util.function.UnaryOperator;
import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.SqlStatement;

/**
 * Runs ahead of Liquibase's PostgreSQL generator for an index statement and rewrites its SQL to
 * the {@code CONCURRENTLY} form when {@link ConcurrentIndexes} says so for the changeset in
 * scope. Liquibase caches generators per statement class and database, so {@link #supports}
 * looks at the database only.
 */
abstract class ConcurrentIndexGenerator<S extends SqlStatement> extends AbstractSqlGenerator<S> {

    private final UnaryOperator<Sql[]> concurrently;

    ConcurrentIndexGenerator(UnaryOperator<Sql[]> concurrently) {
        this.concurrently = concurrently;
    }

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE + 1;
    }

    @Override
    public boolean supports(S statement, Database database) {
        return Databases.isPostgres(database);
    }

    @Override
    public ValidationErrors validate(S statement, Database database, SqlGeneratorChain<S> chain) {
        return chain.validate(statement, database);
    }

    @Override
    public Sql[] generateSql(S statement, Database database, SqlGeneratorChain<S> chain) {
        return concurrently.apply(chain.generateSql(statement, database));
    }
}
