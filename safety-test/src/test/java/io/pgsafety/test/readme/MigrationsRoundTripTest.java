package io.pgsafety.test.readme;

import io.pgsafety.test.RoundTrip;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import org.junit.jupiter.api.Test;

/**
 * The round-trip example of the README, verbatim: one line proves every undo script of
 * src/test/resources/db/migration, one every changeset rollback of db/changelog/orders.xml.
 */
@WithPostgres(version = 16)
class MigrationsRoundTripTest {

    @Test
    void everyUndoScriptRestoresTheSchema(TestDatabase database) {
        RoundTrip.flyway(database.dataSource(), "classpath:db/migration");
    }

    @Test
    void everyChangesetRollbackRestoresTheSchema(TestDatabase database) {
        RoundTrip.liquibase(database.dataSource(), "db/changelog/orders.xml");
    }
}
