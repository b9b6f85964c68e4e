// The round-trip example of safety-test/README.md, docs/undo-and-rollback.md and the README, verbatim
// but for these comments and the package line.
package io.pgsafety.test.readme;

import io.pgsafety.test.RoundTrip;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import org.junit.jupiter.api.Test;

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
