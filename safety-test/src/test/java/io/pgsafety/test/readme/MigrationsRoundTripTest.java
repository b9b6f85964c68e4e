package io.pgsafety.test.readme;

import io.pgsafety.test.RoundTrip;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import org.junit.jupiter.api.Test;

/** The example of the README, verbatim: one line proves every undo script of src/test/resources/db/migration. */
@WithPostgres(version = 16)
class MigrationsRoundTripTest {

    @Test
    void everyUndoScriptRestoresTheSchema(TestDatabase database) {
        RoundTrip.flyway(database.dataSource(), "classpath:db/migration");
    }
}
