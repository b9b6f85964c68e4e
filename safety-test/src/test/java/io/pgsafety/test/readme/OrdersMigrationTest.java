// The complete example of safety-test/README.md, verbatim but for this comment and the package line.
package io.pgsafety.test.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.LockMode;
import io.pgsafety.test.LockTrace;
import io.pgsafety.test.LockTracer;
import io.pgsafety.test.TemplateSeed;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

@WithPostgres(version = 16, init = "classpath:seed/audit.sql", seed = OrdersMigrationTest.MigratedSchema.class)
class OrdersMigrationTest {

    /** Runs once: each test gets a copy of the migrated database. */
    static class MigratedSchema implements TemplateSeed {
        @Override
        public void seed(TestDatabase template) {
            Flyway.configure().dataSource(template.dataSource()).locations("classpath:db/migration").load().migrate();
        }
    }

    @Test
    void aVolatileDefaultRewritesTheTableUnderAnExclusiveLock(TestDatabase database) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO customers (email) VALUES ('ada@example.com')");
            st.execute("INSERT INTO orders (customer_id) SELECT id FROM customers");
        }

        LockTrace trace = LockTracer.on(database).trace("ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();");

        System.out.println(trace.toTable());
        assertThat(trace.statement(0).lockOn("public.orders")).contains(LockMode.ACCESS_EXCLUSIVE);
        assertThat(trace.statement(0).rewrote("public.orders")).isTrue();
    }

    @Test
    void eachTestStartsFromTheSeededTemplate(TestDatabase database) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM audit.events)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no order from the other test").isZero();
            assertThat(rs.getLong(2)).as("the row of seed/audit.sql").isEqualTo(1);
        }
    }
}
