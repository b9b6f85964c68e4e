package io.pgsafety.examples.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The application starts on a real PostgreSQL; Flyway migrates during the start, pg-safety checks first. */
@WithPostgres(version = 18)
@ExtendWith(OutputCaptureExtension.class)
class ShopApplicationTest {

    @Test
    void safeMigrationsApplyWithTheLockTimeoutInForce(TestDatabase database) {
        // db/observed (a test migration) records the lock_timeout its migration ran with
        start(database, "--spring.flyway.locations=classpath:db/migration,classpath:db/observed").close();

        assertThat(query(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_customer_idx'::regclass"))
                .isEqualTo("t");
        assertThat(query(database, "SELECT lock_timeout FROM seen_settings")).isEqualTo("5s");
    }

    @Test
    void unsafePendingMigrationStopsTheStartBeforeAnythingIsApplied(TestDatabase database, CapturedOutput output) {
        start(database).close();

        assertThatThrownBy(() -> start(database, "--spring.flyway.locations=classpath:db/migration,classpath:db/unsafe"))
                .rootCause()
                .hasMessageContaining("pg-safety blocked this migrate before any migration ran: nothing was applied.")
                .hasMessageContaining("db/unsafe/V3__orders_by_date.sql:1:1: error[create-index-non-concurrent]")
                .hasMessageContaining("CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at);")
                // an error because application.properties makes it one (the rule is off by default)
                .hasMessageContaining("db/unsafe/V4__shipping.sql:1:42: error[prefer-timestamptz]");

        assertThat(query(database, "SELECT max(version) FROM flyway_schema_history")).isEqualTo("2");
        assertThat(query(database, "SELECT count(*) FROM pg_class WHERE relname = 'orders_placed_at_idx'")).isEqualTo("0");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("or set pg-safety.flyway.mode=warn to report without blocking.");
    }

    /** Starts the application on the test's database: the command line overrides application.properties. */
    private static ConfigurableApplicationContext start(TestDatabase database, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        all.addAll(List.of(arguments));
        return SpringApplication.run(ShopApplication.class, all.toArray(String[]::new));
    }

    private static String query(TestDatabase database, String sql) {
        return JdbcClient.create(database.dataSource()).sql(sql).query(String.class).single();
    }
}
