package io.pgsafety.liquibase;

import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.core.DropIndexStatement;

/**
 * {@code dropIndex}, and the auto-rollback of {@code createIndex}, as {@code DROP INDEX CONCURRENTLY}
 * on PostgreSQL when {@link ConcurrentIndexes} says so.
 */
public final class ConcurrentDropIndexGenerator extends AbstractSqlGenerator<DropIndexStatement> {

    @Override
    public int getPriority() {
        return PRIORITY_DATABASE + 1;
    }

    @Override
    public boolean supports(DropIndexStatement statement, Database database) {
        return Databases.isPostgres(database);
    }

    @Override
    public ValidationErrors validate(DropIndexStatement statement, Database database, SqlGeneratorChain<DropIndexStatement> chain) {
        return chain.validate(statement, database);
    }

    @Override
    public Sql[] generateSql(DropIndexStatement statement, Database database, SqlGeneratorChain<DropIndexStatement> chain) {
        return ConcurrentIndexes.dropConcurrently(chain.generateSql(statement, database));
    }
}
