package io.pgsafety.examples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.test.LockTrace;
import io.pgsafety.test.LockTracer;
import io.pgsafety.test.RoundTrip;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

/** The project's migrations on a real PostgreSQL 16: a fresh database for each test. */
@WithPostgres(version = 16)
class MigrationsTest {

    @Test
    void everyUndoScriptRestoresTheSchema(TestDatabase database) {
        RoundTrip.flyway(database.dataSource(), "classpath:db/migration");
    }

    @Test
    void addingTheStatusColumnNeitherRewritesNorScansOrders(TestDatabase database) throws Exception {
        // V2 builds an index CONCURRENTLY, which waits for Flyway's own lock when Flyway holds it in a
        // transaction (its default; pg-safety's Flyway plugin turns it off for you)
        FluentConfiguration flyway = Flyway.configure().dataSource(database.dataSource()).target("2");
        flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        flyway.load().migrate();
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 100) g");
            st.execute("INSERT INTO orders (customer_id, total) SELECT 1 + g % 100, g FROM generate_series(1, 10000) g");
        }

        LockTrace trace = LockTracer.on(database).trace(migration("V3__order_status.sql"));

        // ACCESS EXCLUSIVE, but only for a catalog change: the lock lasts an instant, whatever the table's size
        LockTrace.StatementTrace addColumn = trace.statement(0);
        assertThat(addColumn.lockOn("public.orders")).contains(LockMode.ACCESS_EXCLUSIVE);
        assertThat(addColumn.rewrote("public.orders")).isFalse();
        assertThat(addColumn.scanned("public.orders")).isFalse();
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = MigrationsTest.class.getResourceAsStream("/db/migration/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
