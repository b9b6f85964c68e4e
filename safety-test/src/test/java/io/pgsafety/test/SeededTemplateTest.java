package io.pgsafety.test;

import static io.pgsafety.test.PostgresExtensionTest.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.RepeatedTest;

@WithPostgres(init = "classpath:seed/audit.sql", seed = SeededTemplateTest.Migrated.class)
class SeededTemplateTest {

    static final AtomicInteger SEEDINGS = new AtomicInteger();

    static class Migrated implements TemplateSeed {
        @Override
        public void seed(TestDatabase template) {
            SEEDINGS.incrementAndGet();
            Flyway.configure().dataSource(template.dataSource()).locations("classpath:db/migration").load().migrate();
        }
    }

    @RepeatedTest(2)
    void eachTestStartsFromACopyOfTheSeededTemplate(TestDatabase database) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
            assertThat(count(st, "SELECT count(*) FROM audit.events")).isEqualTo(1);
            assertThat(count(st, "SELECT count(*) FROM orders")).isZero();
            st.execute("INSERT INTO customers (email) VALUES ('a@example.com')");
            st.execute("INSERT INTO orders (customer_id) SELECT id FROM customers");
            st.execute("INSERT INTO audit.events (what) VALUES ('order placed')");
        }
        assertThat(SEEDINGS).as("the template is seeded once").hasValue(1);
    }
}
