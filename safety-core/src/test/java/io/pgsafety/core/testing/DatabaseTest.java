package io.pgsafety.core.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A real PostgreSQL for the whole test class, in {@link #db}. */
public abstract class DatabaseTest {

    protected static EmbeddedDatabase db;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = EmbeddedDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }
}
