package io.pgsafety.liquibase;

import liquibase.statement.core.CreateIndexStatement;

/** {@code createIndex} as {@code CREATE INDEX CONCURRENTLY} on PostgreSQL when {@link ConcurrentIndexes} says so. */
public final class ConcurrentCreateIndexGenerator extends ConcurrentIndexGenerator<CreateIndexStatement> {

    public ConcurrentCreateIndexGenerator() {
        super(ConcurrentIndexes::createConcurrently);
    }
}
