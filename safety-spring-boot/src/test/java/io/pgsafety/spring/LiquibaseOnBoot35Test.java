package io.pgsafety.spring;

import static io.pgsafety.spring.MigratingApplication.migrate;
import static io.pgsafety.spring.MigratingApplication.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.config.ConfigException;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.test.WithPostgres;
import liquibase.Scope;
import liquibase.exception.ValidationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The auto-configuration on Spring Boot 3.5 with the Liquibase it manages: the extension's
 * pre-flight blocks the start, and {@code pg-safety.liquibase.*} reaches it.
 */
@WithPostgres(version = 18)
@ExtendWith(OutputCaptureExtension.class)
class LiquibaseOnBoot35Test {

    private static final String NO_FLYWAY = "spring.flyway.enabled=false";

    @BeforeEach
    void deployOrders(TestDatabase database) {
        migrate(database, NO_FLYWAY, changelog("deployed"));
    }

    @AfterEach
    void nothingOfTheSettingsStaysInLiquibase() {
        assertThat(Scope.getCurrentScope().get("liquibase.safety.mode", String.class)).isNull();
    }

    @Test
    void unsafePendingChangesetFailsTheStartAndNothingIsApplied(TestDatabase database, CapturedOutput output)
            throws Exception {
        assertThatThrownBy(() -> migrate(database, NO_FLYWAY, changelog("unsafe")))
                .rootCause()
                .isInstanceOf(ValidationFailedException.class)
                .hasMessageContaining("pg-safety blocked the update: 2 findings in pending changesets; nothing was applied.")
                .hasMessageContaining("create-index-non-concurrent");

        assertThat(query(database, "SELECT count(*) FROM databasechangelog")).isEqualTo("1");
        assertThat(query(database, "SELECT to_regclass('orders_customer_idx')")).isNull();
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("or set pg-safety.liquibase.mode=warn to report without blocking");
    }

    @Test
    void safeChangesetsApply(TestDatabase database) throws Exception {
        migrate(database, NO_FLYWAY, changelog("safe"));

        assertThat(query(database, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_customer_idx'::regclass"))
                .isEqualTo("t");
    }

    @Test
    void modeSettingReachesTheExtension(TestDatabase database) throws Exception {
        migrate(database, NO_FLYWAY, changelog("unsafe"), "pg-safety.liquibase.mode=warn");

        assertThat(query(database, "SELECT to_regclass('orders_customer_idx')")).isNotNull();
    }

    @Test
    void ruleSeverityReachesTheExtension(TestDatabase database) throws Exception {
        // the index's automatic rollback, a plain DROP INDEX, is analysed too
        migrate(database, NO_FLYWAY, changelog("unsafe"), "pg-safety.liquibase.rules.create-index-non-concurrent=warning",
                "pg-safety.liquibase.rules.drop-index-non-concurrent=warning");

        assertThat(query(database, "SELECT to_regclass('orders_customer_idx')")).isNotNull();
    }

    @Test
    void unknownKeyFailsTheStartNamingIt(TestDatabase database) {
        assertThatThrownBy(() -> migrate(database, NO_FLYWAY, changelog("safe"), "pg-safety.liquibase.moed=warn"))
                .rootCause()
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown configuration key pg-safety.liquibase.moed");
    }

    private static String changelog(String name) {
        return "spring.liquibase.change-log=classpath:db/changelog/" + name + ".xml";
    }
}
