package io.pgsafety.spring;

import static io.pgsafety.spring.MigratingApplication.migrate;
import static io.pgsafety.spring.MigratingApplication.occurrences;
import static io.pgsafety.spring.MigratingApplication.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.config.ConfigException;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The auto-configuration on Spring Boot 3.5, with Flyway 11.20 (Boot 3.5 manages 11.7, older than
 * pg-safety needs): the application's start runs the pre-flight, once, and {@code pg-safety.flyway.*}
 * sets it.
 */
@WithPostgres(version = 18)
@ExtendWith(OutputCaptureExtension.class)
class FlywayOnBoot35Test {

    private static final String NO_LIQUIBASE = "spring.liquibase.enabled=false";
    private static final String DEPLOYED = "classpath:db/flyway/deployed";

    @BeforeEach
    void deployOrders(TestDatabase database) {
        migrate(database, NO_LIQUIBASE, locations());
    }

    @Test
    void unsafePendingMigrationFailsTheStartAndNothingIsApplied(TestDatabase database, CapturedOutput output)
            throws Exception {
        assertThatThrownBy(() -> migrate(database, NO_LIQUIBASE, locations("unsafe")))
                .rootCause()
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("pg-safety blocked this migrate before any migration ran: nothing was applied.")
                .hasMessageContaining("V2__orders_by_customer.sql:1:1: error[create-index-non-concurrent]")
                .hasMessageContaining("CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)");

        assertThat(query(database, "SELECT count(*) FROM flyway_schema_history")).isEqualTo("1");
        assertThat(query(database, "SELECT to_regclass('orders_customer_idx')")).isNull();
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("or set pg-safety.flyway.mode=warn to report without blocking");
    }

    @Test
    void safeMigrationsApplyAndThePreflightRunsOnce(TestDatabase database, CapturedOutput output) throws Exception {
        int before = occurrences(output.getAll(), "script(s) analysed, no findings");

        migrate(database, NO_LIQUIBASE, locations("safe"));

        assertThat(query(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_customer_idx'::regclass"))
                .isEqualTo("t");
        assertThat(occurrences(output.getAll(), "script(s) analysed, no findings") - before).isEqualTo(1);
    }

    @Test
    void settingsReachTheRunAndThePreflightRunsOnce(TestDatabase database, CapturedOutput output) throws Exception {
        migrate(database, NO_LIQUIBASE, locations("unsafe", "settings"),
                "pg-safety.flyway.mode=warn",
                "pg-safety.flyway.lock-timeout=3s");

        assertThat(query(database, "SELECT to_regclass('orders_customer_idx')")).isNotNull();
        assertThat(query(database, "SELECT lock_timeout FROM seen_settings")).isEqualTo("3s");
        assertThat(occurrences(output.getAll(), "pg-safety findings (migrate continues)")).isEqualTo(1);
    }

    @Test
    void ruleSeverityFromProperties(TestDatabase database) throws Exception {
        migrate(database, NO_LIQUIBASE, locations("unsafe"), "pg-safety.flyway.rules.create-index-non-concurrent=off");

        assertThat(query(database, "SELECT to_regclass('orders_customer_idx')")).isNotNull();
    }

    @Test
    void unknownKeyFailsTheStartNamingIt(TestDatabase database, CapturedOutput output) throws Exception {
        assertThatThrownBy(() -> migrate(database, NO_LIQUIBASE, locations("safe"),
                "pg-safety.flyway.lock-timout=3s"))
                .rootCause()
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown configuration key pg-safety.flyway.lock-timout");

        assertThat(output.getAll()).contains("pg-safety: Unknown configuration key pg-safety.flyway.lock-timout");
        assertThat(query(database, "SELECT count(*) FROM flyway_schema_history")).isEqualTo("1");
    }

    /** The deployed migration plus the named sets of {@code db/flyway}. */
    private static String locations(String... sets) {
        StringBuilder locations = new StringBuilder("spring.flyway.locations=" + DEPLOYED);
        for (String set : sets) {
            locations.append(",classpath:db/flyway/").append(set);
        }
        return locations.toString();
    }
}
