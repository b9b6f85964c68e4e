package io.pgsafety.liquibase;

import liquibase.database.Database;
import liquibase.database.core.CockroachDatabase;
import liquibase.database.core.PostgresDatabase;

/** Which of Liquibase's databases the runtime parts act on. */
final class Databases {

    private Databases() {}

    /** PostgreSQL itself; not CockroachDB, which Liquibase models as a kind of PostgreSQL but which locks differently. */
    static boolean isPostgres(Database database) {
        return database instanceof PostgresDatabase && !(database instanceof CockroachDatabase);
    }
}
