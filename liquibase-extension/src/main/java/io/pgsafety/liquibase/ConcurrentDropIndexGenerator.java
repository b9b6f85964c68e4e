package io.pgsafety.liquibase;

import liquibase.statement.core.DropIndexStatement;

/**
 * {@code dropIndex}, and the auto-rollback of {@code createIndex}, as {@code DROP INDEX CONCURRENTLY}
 * on PostgreSQL when {@link ConcurrentIndexes} says so.
 */
public final class ConcurrentDropIndexGenerator extends ConcurrentIndexGenerator<DropIndexStatement> {

    public ConcurrentDropIndexGenerator() {
        super(ConcurrentIndexes::dropConcurrently);
    }
}
