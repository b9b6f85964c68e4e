package io.pgsafety.liquibase;

import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.core.CreateIndexStatement;

/** {@code createIndex} as {@code CREATE INDEX CONCURRENTLY} on PostgreSQL when {@link ConcurrentIndexes} says so. */
public final class ConcurrentCreateIndexGenerator extends AbstractSqlGenerator<CreateIndexStatement> {

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE + 1;
    }

    @Override
    public boolean supports(CreateIndexStatement statement, Database database) {
        return Databases.isPostgres(database);
    }

    @Override
    public ValidationErrors validate(CreateIndexStatement statement, Database database, SqlGeneratorChain<CreateIndexStatement> chain) {
        return chain.validate(statement, database);
    }

    @Override
    public Sql[] generateSql(CreateIndexStatement statement, Database database, SqlGeneratorChain<CreateIndexStatement> chain) {
        return ConcurrentIndexes.createConcurrently(chain.generateSql(statement, database));
    }
}
